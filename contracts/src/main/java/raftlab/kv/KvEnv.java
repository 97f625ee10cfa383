package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;
import raftlab.raft.RaftFactory;

/**
 * What a key/value server is given when it starts: its index, one end per peer, its runtime and
 * storage, the Raft to build underneath itself, the durable-Raft-state size at which it should
 * snapshot ({@code maxRaftState}; -1: never), and how much it must be able to hold ({@code capacity}:
 * the real server passes {@link KvCapacity#DEFAULT}; tests pass small numbers).
 */
public record KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState,
        KvCapacity capacity) {
    public KvEnv {
        peers = List.copyOf(peers);
        java.util.Objects.requireNonNull(capacity, "capacity");
    }

    /** A server with the default capacity. */
    public KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState) {
        this(me, peers, runtime, storage, raft, maxRaftState, KvCapacity.DEFAULT);
    }
}
