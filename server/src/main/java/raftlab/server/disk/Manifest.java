package raftlab.server.disk;

import java.util.List;

/**
 * Which segments the write-ahead log is made of, rewritten atomically whenever a segment is closed
 * or dropped, and now and then after a sync: what the segments themselves cannot tell. A closed
 * segment never changes again, so its size is recorded; the open one is named, so that losing it (or
 * every segment) is noticed, with {@code openDurable}, how many of its bytes had been forced when the
 * manifest was written (0 in a manifest from before the mark), so that losing those is noticed too.
 */
record Manifest(List<Closed> closed, String open, long openDurable) {
    /** A segment that is complete: its file name and its size in bytes. */
    record Closed(String name, long size) {
    }

    Manifest {
        closed = List.copyOf(closed);
    }

    boolean lists(String name) {
        return name.equals(open) || closed.stream().anyMatch(c -> c.name().equals(name));
    }
}
