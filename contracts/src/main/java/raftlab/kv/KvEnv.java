package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;
import raftlab.raft.RaftFactory;

/**
 * What a key/value server is given when it starts: its index, one end per peer, its runtime and
 * storage, the Raft to build underneath itself, and the durable-Raft-state size at which it should
 * snapshot ({@code maxRaftState}; -1: never).
 */
public record KvEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, RaftFactory raft, long maxRaftState) {
    public KvEnv {
        peers = List.copyOf(peers);
    }
}
