package raftlab.election;

import java.util.List;

/** AppendEntries arguments (Figure 2). In lab 1 every AppendEntries is a heartbeat: no entries. */
public record AppendEntriesArgs(long term, int leaderId, long prevLogIndex, long prevLogTerm,
                                List<LogEntry> entries, long leaderCommit) {
    public AppendEntriesArgs {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }
}
