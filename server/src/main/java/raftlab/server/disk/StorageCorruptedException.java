package raftlab.server.disk;

import java.nio.file.Path;

/**
 * The data directory holds something other than what the node wrote: a damaged record that is not a
 * torn last write, a missing or resized file, a gap in the log. The node refuses to start rather than
 * run on silently lost data; the message names the file and the byte offset, and what the operator
 * can do about it.
 */
public final class StorageCorruptedException extends RuntimeException {
    static final String REMEDY = "The node will not start on damaged data. Restore its data directory from a backup;"
            + " or, if the other nodes are up and hold every acknowledged write, move this directory aside and start"
            + " the node empty: it rejoins from the leader's snapshot and log (only safe while a majority of the"
            + " others is intact, since this node's votes and acknowledgements are forgotten).";

    public StorageCorruptedException(Path file, long offset, String what) {
        super(file + (offset >= 0 ? " at byte " + offset : "") + ": " + what + "\n" + REMEDY);
    }
}
