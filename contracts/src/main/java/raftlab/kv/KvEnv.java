package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;
import raftlab.raft.RaftFactory;

/**
 * What a key/value server is given when it starts: its index, one end per peer, its runtime and
 * storage, the Raft to build underneath itself, the durable-Raft-state size at which it should
 * snapshot ({@code maxRaftState}; -1: never), and how many client sessions it must be able to hold.
 *
 * @param sessionCapacity the service remembers the sessions of at least this many of the most recently
 *                        active writing clients, and may forget older ones to bound its memory. A
 *                        forgotten client's retried write must still never apply twice. The real server
 *                        passes {@link #DEFAULT_SESSION_CAPACITY}; tests pass small numbers.
 */
public record KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState,
        int sessionCapacity) {
    public static final int DEFAULT_SESSION_CAPACITY = 10_000;

    public KvEnv {
        peers = List.copyOf(peers);
        if (sessionCapacity < 1) {
            throw new IllegalArgumentException("sessionCapacity must be at least 1, not " + sessionCapacity);
        }
    }

    /** A server with the default session capacity. */
    public KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState) {
        this(me, peers, runtime, storage, raft, maxRaftState, DEFAULT_SESSION_CAPACITY);
    }
}
