package raftlab.raft;

import java.util.List;
import java.util.function.Consumer;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;

/**
 * Everything a Raft peer is given when it starts: its index, one end per peer (its own included, at
 * {@code me}), its runtime, its durable storage, and where to deliver applied commands.
 */
public record PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply) {
    public PeerEnv {
        peers = List.copyOf(peers);
        if (me < 0 || me >= peers.size()) {
            throw new IllegalArgumentException("me=" + me + " outside 0.." + (peers.size() - 1));
        }
    }
}
