package raftlab.election;

import java.util.List;

/**
 * AppendEntries arguments (Figure 2). In lab 1 every AppendEntries is a heartbeat: no entries,
 * {@code prevLogIndex = prevLogTerm = 0}. Lab 2 fills the log fields.
 */
public record AppendEntriesArgs(long term, int leaderId, long prevLogIndex, long prevLogTerm,
                                List<LogEntry> entries, long leaderCommit) {
    public AppendEntriesArgs {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public static AppendEntriesArgs heartbeat(long term, int leaderId) {
        return new AppendEntriesArgs(term, leaderId, 0, 0, List.of(), 0);
    }
}
