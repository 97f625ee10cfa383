package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import java.util.function.Consumer;
import raftlab.labrpc.storage.Storage;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Membership;
import raftlab.raft.PeerEnv;
import raftlab.raft.RaftFactory;
import raftlab.raft.RaftOptions;

/**
 * What a key/value server is given when it starts: its index, one end per peer, its runtime and
 * storage, the Raft to build underneath itself, the durable-Raft-state size at which it should
 * snapshot ({@code maxRaftState}; -1: never), and how much it must be able to hold ({@code capacity}:
 * the real server passes {@link KvCapacity#DEFAULT}; tests pass small numbers), and the extensions to
 * Figure 2 its Raft peer is asked to use, and the configuration it starts in ({@link PeerEnv#members()}).
 */
public record KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState,
        KvCapacity capacity, RaftOptions raftOptions, Membership members) {
    public KvEnv {
        peers = List.copyOf(peers);
        java.util.Objects.requireNonNull(capacity, "capacity");
        java.util.Objects.requireNonNull(raftOptions, "raftOptions");
        java.util.Objects.requireNonNull(members, "members");
    }

    /** A server of a cluster whose every peer is a voter. */
    public KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState,
            KvCapacity capacity, RaftOptions raftOptions) {
        this(me, peers, runtime, storage, raft, maxRaftState, capacity, raftOptions, Membership.allOf(peers.size()));
    }

    /** A server whose Raft runs Figure 2 as written. */
    public KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState,
            KvCapacity capacity) {
        this(me, peers, runtime, storage, raft, maxRaftState, capacity, RaftOptions.FIGURE_2);
    }

    /** What this server's Raft peer is made from: its identity, peers, runtime, storage and options, applying to {@code apply}. */
    public PeerEnv peerEnv(Consumer<ApplyMsg> apply) {
        return new PeerEnv(me, peers, runtime, storage, apply, raftOptions, members);
    }

    /** A server with the default capacity. */
    public KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState) {
        this(me, peers, runtime, storage, raft, maxRaftState, KvCapacity.DEFAULT);
    }
}
