package raftlab.server.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.StoredSnapshot;

/**
 * Reads a data directory back: the hard state, the snapshot, and the log replayed from the segments
 * the manifest lists. Only a torn final record is repaired: the end of the open segment cut short, or
 * zero-filled, with nothing valid after it, and all of it past what the manifest records as durable
 * (a crash mid-write, never acknowledged). Anything else stops the node with a
 * {@link StorageCorruptedException} naming the file and the offset.
 */
final class LogRecovery {
    /** What the directory held. {@code fresh}: nothing at all (a new node). */
    record Recovered(boolean fresh, HardState hardState, StoredSnapshot snapshot, long base, List<byte[]> log, long logBytes,
            List<Manifest.Closed> closed, long lastSegmentSeq) {
    }

    private final List<byte[]> log = new ArrayList<>();
    private long base;
    private long logBytes;

    private LogRecovery() {
    }

    static Recovered recover(Path dir) throws IOException {
        return new LogRecovery().read(dir);
    }

    private Recovered read(Path dir) throws IOException {
        try (Stream<Path> tmp = Files.list(dir)) {
            for (Path p : tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(p); // a replacement that never completed
            }
        }
        Path hs = dir.resolve(FileStorage.HARD_STATE);
        HardState hardState = HardState.INITIAL;
        if (Files.exists(hs)) {
            hardState = Codec.decode(Records.readFile(hs), HardState.class);
        }
        StoredSnapshot snapshot = null;
        Path sn = dir.resolve(FileStorage.SNAPSHOT);
        if (Files.exists(sn)) {
            snapshot = SnapshotWriter.read(sn, ByteBuffer.wrap(Records.readFile(sn)));
            base = snapshot.index();
        }
        SegmentDirectory.Listed listed = SegmentDirectory.listed(dir);
        List<Path> segments = listed.segments();
        if (!segments.isEmpty() && !Files.exists(hs)) {
            throw new StorageCorruptedException(hs, -1, "missing, but the log has segments: the term and vote are lost");
        }
        for (int k = 0; k < segments.size(); k++) {
            boolean last = k == segments.size() - 1;
            replay(segments.get(k), last, last ? listed.openDurable() : 0);
        }
        List<Manifest.Closed> closed = new ArrayList<>();
        for (Path p : segments) { // all closed now: this life writes a fresh segment
            closed.add(new Manifest.Closed(p.getFileName().toString(), Files.size(p)));
        }
        boolean fresh = segments.isEmpty() && !Files.exists(hs) && snapshot == null;
        long seq = segments.isEmpty() ? 0 : SegmentDirectory.seqOf(segments.get(segments.size() - 1));
        return new Recovered(fresh, hardState, snapshot, base, log, logBytes, closed, seq);
    }

    /**
     * Replays one segment. In the open (last) one, the first {@code durable} bytes were forced before
     * the manifest said so: damage there is never a torn write, and a file shorter than that lost
     * entries that may have been acknowledged.
     */
    private void replay(Path file, boolean last, long durable) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        long offset = 0;
        while (offset < data.limit()) {
            Records.Read r = Records.read(data, offset);
            if (r instanceof Records.Read.Ok ok) {
                apply(file, offset, ok.payload());
                offset = ok.next();
            } else if (last && offset < durable) {
                throw new StorageCorruptedException(file, offset, (r instanceof Records.Read.Corrupt c ? c.why() : "a record that is"
                        + " zero-filled or whose length runs past the end of the file") + ", inside the first " + durable + " bytes, which the manifest records as"
                        + " forced to disk: not a torn write, and entries there may have been acknowledged");
            } else if (last && Records.tornFinalRecord(file, data, offset, r)) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(offset); // the crash interrupted this write; it was never acknowledged
                    ch.force(true);
                }
                return;
            } else {
                throw new StorageCorruptedException(file, offset, r instanceof Records.Read.Corrupt c ? c.why()
                        : "a torn record in a segment that is not the last");
            }
        }
        if (last && data.limit() < durable) {
            throw new StorageCorruptedException(file, data.limit(), "the segment ends here, but the manifest records its"
                    + " first " + durable + " bytes as forced to disk: it was cut short, and entries that may have been"
                    + " acknowledged are gone");
        }
    }

    private void apply(Path file, long offset, byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte type = b.get();
        long index = b.getLong();
        if (type == FileStorage.TRUNCATE) {
            dropFrom(Math.max(index, base + 1));
            return;
        }
        if (type != FileStorage.APPEND) {
            throw new StorageCorruptedException(file, offset, "unknown record type " + type);
        }
        if (index <= base) {
            return; // covered by the snapshot
        }
        if (index > base + log.size() + 1) {
            throw new StorageCorruptedException(file, offset, "entry " + index + " follows entry " + (base + log.size())
                    + ": entries are missing (a deleted segment or snapshot?)");
        }
        dropFrom(index); // an append at an earlier index replaces what followed (a rewrite after a snapshot)
        byte[] record = new byte[b.remaining()];
        b.get(record);
        log.add(record);
        logBytes += record.length;
    }

    private void dropFrom(long index) {
        while (base + log.size() >= index && !log.isEmpty()) {
            logBytes -= log.remove(log.size() - 1).length;
        }
    }
}
