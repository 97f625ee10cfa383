package raftlab.election;

import raftlab.labrpc.net.Opaque;

/** One log entry: the term it was created in and the client's command. */
public record LogEntry(long term, Opaque command) {
}
