package raftlab.election;

/** The three roles of Figure 2. */
public enum Role {
    FOLLOWER, CANDIDATE, LEADER
}
