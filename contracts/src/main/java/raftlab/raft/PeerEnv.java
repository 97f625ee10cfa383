package raftlab.raft;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.labrpc.storage.Storage;

/**
 * Everything a Raft peer is given when it starts: its index, one end per peer (its own included, at
 * {@code me}), its runtime, its durable storage, where to deliver applied commands, which
 * extensions to Figure 2 it is asked to use, and the configuration it starts in.
 *
 * @param members the configuration this peer uses while its storage holds none (lab 5's optional
 *                part, membership changes): every peer a voter when a cluster starts, or
 *                {@link Membership#NONE} for a peer that joins a running cluster and learns the
 *                configuration from its leader. A peer without membership changes ignores it.
 */
public record PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply,
        RaftOptions options, Membership members) {
    public PeerEnv {
        peers = List.copyOf(peers);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(members, "members");
        if (me < 0 || me >= peers.size()) {
            throw new IllegalArgumentException("me=" + me + " outside 0.." + (peers.size() - 1));
        }
        for (List<Integer> ids : List.of(members.voters(), members.learners())) {
            if (!ids.isEmpty() && ids.get(ids.size() - 1) >= peers.size()) {
                throw new IllegalArgumentException("members " + members + " name a peer outside 0.." + (peers.size() - 1));
            }
        }
    }

    /** A peer of a cluster whose every peer is a voter, asked to use {@code options}. */
    public PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply,
            RaftOptions options) {
        this(me, peers, runtime, storage, apply, options, Membership.allOf(peers.size()));
    }

    /** A peer that runs Figure 2 as written. */
    public PeerEnv(int me, List<ClientEnd> peers, Runtime runtime, Storage storage, Consumer<ApplyMsg> apply) {
        this(me, peers, runtime, storage, apply, RaftOptions.FIGURE_2);
    }

    /** The same peer, delivering applied commands to {@code apply} instead. */
    public PeerEnv withApply(Consumer<ApplyMsg> apply) {
        return new PeerEnv(me, peers, runtime, storage, apply, options, members);
    }
}
