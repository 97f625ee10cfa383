package raftlab.raft;

/**
 * One change to a cluster's configuration, one server at a time (Raft thesis §4.1): a new peer joins
 * as a learner, is promoted to voter once it has caught up (§4.2.1), and any member can be removed.
 */
public record MembershipChange(Kind kind, int peer) {
    public enum Kind {
        /** {@code peer} starts receiving the log, without a vote. */
        ADD_LEARNER,
        /** The learner {@code peer} votes from now on; the leader waits until it has caught up. */
        PROMOTE,
        /** {@code peer} leaves the cluster (the leader itself included: it steps down once that commits). */
        REMOVE
    }

    public MembershipChange {
        java.util.Objects.requireNonNull(kind, "kind");
        if (peer < 0) {
            throw new IllegalArgumentException("peer must be an index >= 0, not " + peer);
        }
    }

    public static MembershipChange addLearner(int peer) {
        return new MembershipChange(Kind.ADD_LEARNER, peer);
    }

    public static MembershipChange promote(int peer) {
        return new MembershipChange(Kind.PROMOTE, peer);
    }

    public static MembershipChange remove(int peer) {
        return new MembershipChange(Kind.REMOVE, peer);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase().replace('_', ' ') + " S" + peer;
    }
}
