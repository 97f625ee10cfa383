package raftlab.tester.harness;

import java.util.List;
import raftlab.labrpc.net.Service;
import raftlab.raft.PeerEnv;
import raftlab.raft.Raft;
import raftlab.raft.RaftFactory;

/**
 * What one tester server runs: a Raft peer, every service it serves (Raft's own and, from lab 4, the
 * key/value service on top), and how to stop all of it when the tester crashes the server.
 */
public record PeerHost(Raft raft, List<Service<?>> services, Runnable kill) {
    public PeerHost {
        services = List.copyOf(services);
    }

    /** A bare Raft peer (labs 1–3). */
    public static PeerHost of(Raft raft) {
        return new PeerHost(raft, raft.services(), raft::kill);
    }

    /** Builds a server's host from the environment the tester gives it. */
    @FunctionalInterface
    public interface Maker {
        PeerHost make(PeerEnv env);

        static Maker of(RaftFactory factory) {
            return env -> PeerHost.of(factory.make(env));
        }
    }
}
