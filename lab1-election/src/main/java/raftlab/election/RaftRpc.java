package raftlab.election;

import java.util.concurrent.CompletableFuture;

/** The RPCs Raft peers send each other (Raft paper, Figure 2). */
public interface RaftRpc {
    CompletableFuture<RequestVoteReply> requestVote(RequestVoteArgs args);

    CompletableFuture<AppendEntriesReply> appendEntries(AppendEntriesArgs args);
}
