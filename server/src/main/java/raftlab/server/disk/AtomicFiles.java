package raftlab.server.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small files replaced whole (hard state, manifest, snapshot): written to a temp file, forced,
 * renamed over the old one, and the directory forced, so a crash leaves the old file or the new
 * one, never a mix. Recovery deletes temp files a crash left behind.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces file {@code name} in {@code dir} with one record whose payload is {@code parts}, one after another. */
    static void replace(Path dir, String name, ByteBuffer... parts) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer[] framed = new ByteBuffer[parts.length + 1];
            framed[0] = Records.header(parts);
            System.arraycopy(parts, 0, framed, 1, parts.length);
            long left = 0;
            for (ByteBuffer b : framed) {
                left += b.remaining();
            }
            while (left > 0) {
                left -= ch.write(framed);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SegmentDirectory.force(dir);
    }
}
