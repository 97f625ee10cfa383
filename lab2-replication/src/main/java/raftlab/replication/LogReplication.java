package raftlab.replication;

import raftlab.election.Durability;
import raftlab.election.RaftNode;
import raftlab.election.Replication;
import raftlab.election.Seams;
import raftlab.labrpc.raft.PeerEnv;
import raftlab.labrpc.raft.RaftFactory;

/**
 * Lab 2's assembly: lab 1's node with a replicated log, log replication, commitment and the ordered
 * apply stream. Durability is still lab 1's (in memory); lab 3 passes its own log sink and
 * durability through {@link #assemble}.
 */
public final class LogReplication {
    private LogReplication() {
    }

    /** The lab 2 peer. */
    public static RaftFactory factory() {
        return RaftNode.factory(seams());
    }

    public static Seams seams() {
        return (env, node) -> assemble(env, node, new RaftLog(LogSink.NONE), Durability.volatileState());
    }

    /** Lab 2's parts around a given log and durability (lab 3 supplies durable ones). */
    public static Seams.Parts assemble(PeerEnv env, raftlab.election.NodeControl node, RaftLog log, Durability durability) {
        Wiring w = wire(env, node, log, SnapshotSender.NONE);
        return new Seams.Parts(log, w.replication(), durability);
    }

    /**
     * Lab 2's replication and applier around {@code log}, shipping snapshots with {@code snapshots}
     * (lab 5 builds its parts from these).
     */
    public static Wiring wire(PeerEnv env, raftlab.election.NodeControl node, RaftLog log, SnapshotSender snapshots) {
        Applier applier = new Applier(env.runtime(), node, log, env.apply());
        Replicator replicator = new Replicator(node, log, applier, env.peers().size(), snapshots);
        return new Wiring(replicator, applier, replicator);
    }

    /** The pieces lab 5 plugs into: the replication seam, the applier, and where installs are reported. */
    public record Wiring(Replication replication, Applier applier, SnapshotSender.PeerProgress progress) {
    }
}
