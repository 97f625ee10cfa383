package raftlab.server.disk;

import java.nio.file.Path;

/**
 * The data directory holds something other than what the node wrote: a damaged record that is not a
 * torn last write, a missing file, a gap in the log. The node refuses to start rather than run on
 * silently lost data; the message names the file and the byte offset.
 */
public final class StorageCorruptedException extends RuntimeException {
    public StorageCorruptedException(Path file, long offset, String what) {
        super(file + (offset >= 0 ? " at byte " + offset : "") + ": " + what);
    }
}
