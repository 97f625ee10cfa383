package raftlab.server.api;

/**
 * One node as it reports itself on {@code GET /node/status}, or as the asking node saw it when it
 * could not answer ({@code up == false}, with {@code error}). {@code voters} and {@code learners} are
 * the configuration the node uses (null if its Raft does not change membership).
 */
public record NodeStatus(int id, String url, boolean up, String role, long term, long commitIndex, long appliedIndex,
        long lastLogIndex, long snapshotIndex, long logBytes, long snapshotBytes, long keys, long fsyncs, String error,
        java.util.List<Integer> voters, java.util.List<Integer> learners) {

    public static final String LEADER = "leader";
    public static final String FOLLOWER = "follower";

    static NodeStatus unreachable(int id, String url, String error) {
        return new NodeStatus(id, url, false, "unreachable", 0, 0, 0, 0, 0, 0, 0, 0, 0, error, null, null);
    }

    boolean leads() {
        return up && LEADER.equals(role);
    }
}
