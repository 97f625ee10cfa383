package raftlab.raft;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;

/**
 * Everything a Raft peer is given when it starts: its index, one end per peer (its own included, at
 * {@code me}), its runtime, its durable storage, where to deliver applied commands, and which
 * extensions to Figure 2 it is asked to use.
 */
public record PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply,
        RaftOptions options) {
    public PeerEnv {
        peers = List.copyOf(peers);
        Objects.requireNonNull(options, "options");
        if (me < 0 || me >= peers.size()) {
            throw new IllegalArgumentException("me=" + me + " outside 0.." + (peers.size() - 1));
        }
    }

    /** A peer that runs Figure 2 as written. */
    public PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply) {
        this(me, peers, runtime, storage, apply, RaftOptions.FIGURE_2);
    }

    /** The same peer, delivering applied commands to {@code apply} instead. */
    public PeerEnv withApply(Consumer<ApplyMsg> apply) {
        return new PeerEnv(me, peers, runtime, storage, apply, options);
    }
}
