package raftlab.raft;

/** What a peer says about itself: its current term and whether it believes it leads. */
public record PeerState(long term, boolean leader) {
}
