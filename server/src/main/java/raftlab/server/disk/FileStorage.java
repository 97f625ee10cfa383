package raftlab.server.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.Storage;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.server.metrics.Histogram;

/**
 * {@link Storage} on disk, for the real server. The log is a write-ahead log in segments
 * ({@code wal-<seq>.log}) of checksummed records — an append of one entry at its index, or a
 * truncation — forced once per {@link #sync()} however many records were written since (group
 * commit). The hard state and the snapshot are small files replaced atomically: written to a temp
 * file, forced, renamed over the old one, and the directory forced.
 *
 * <p>Recovery replays the snapshot and then the segments in order. Only a torn final record is
 * repaired — the end of the open segment cut short, or zero-filled, with nothing valid after it (a
 * crash mid-write, never acknowledged). Anything else that is not what was written stops the node
 * with {@link StorageCorruptedException} naming the file and offset: a bad checksum or length with
 * valid records after it, a gap in the indexes, and — from the {@link Manifest}, rewritten whenever a
 * segment is closed or dropped — a missing segment, a closed one cut short or grown, segments without
 * a manifest. What no file can tell is a cut of the open segment exactly at a record boundary: it
 * looks like a shorter log (docs/cluster.md, "Storage").
 *
 * <p>A snapshot makes the segments before it useless: the kept tail is rewritten into a fresh
 * segment and the old ones are deleted, so the disk holds about one snapshot and one log's worth.
 */
public final class FileStorage implements Storage, AutoCloseable {
    /** How segment files are opened: {@code FileChannel::open}, or in tests a disk that fails. */
    @FunctionalInterface
    interface SegmentOpener {
        FileChannel open(Path file) throws IOException;
    }

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    static final String HARD_STATE = "hardstate";
    static final String SNAPSHOT = "snapshot";
    static final String MANIFEST = "manifest";
    private static final byte APPEND = 1;
    private static final byte TRUNCATE = 2;

    private final Path dir;
    private final long segmentBytes;
    private HardState hardState = HardState.INITIAL;
    private boolean hardStateDirty;
    private long hardStateBytes;
    private StoredSnapshot snapshot;
    private long base;
    private final List<byte[]> log = new ArrayList<>();
    private long logBytes;
    private FileChannel segment;
    private String segmentName;
    private long segmentSeq;
    /** The segments closed since the last compaction, in order: the manifest's list. */
    private final List<Manifest.Closed> closed = new ArrayList<>();
    private long segmentSize;
    private boolean logDirty;
    private long syncs;
    private final Histogram syncLatency = new Histogram();

    private final SegmentOpener opener;
    /** The first write or force that failed: from then on the storage refuses everything (crash-only). */
    private IOException failure;
    private Consumer<IOException> onFailure = e -> { };

    private FileStorage(Path dir, long segmentBytes, SegmentOpener opener) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.opener = opener;
    }

    /** Opens (or creates) the storage in {@code dir}, recovering what it holds. */
    public static FileStorage open(Path dir) {
        return open(dir, DEFAULT_SEGMENT_BYTES);
    }

    public static FileStorage open(Path dir, long segmentBytes) {
        return open(dir, segmentBytes, file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    static FileStorage open(Path dir, long segmentBytes, SegmentOpener opener) {
        FileStorage s = new FileStorage(dir, segmentBytes, opener);
        try {
            Files.createDirectories(dir);
            s.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open storage in " + dir + ": " + e.getMessage(), e);
        }
        return s;
    }

    // ---- recovery ----

    private void recover() throws IOException {
        try (Stream<Path> tmp = Files.list(dir)) {
            for (Path p : tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(p); // a replacement that never completed
            }
        }
        Path hs = dir.resolve(HARD_STATE);
        if (Files.exists(hs)) {
            byte[] payload = Records.readFile(hs);
            hardState = Codec.decode(payload, HardState.class);
            hardStateBytes = Codec.encodeBytes(hardState).length;
        }
        Path sn = dir.resolve(SNAPSHOT);
        if (Files.exists(sn)) {
            ByteBuffer b = ByteBuffer.wrap(Records.readFile(sn));
            long index = b.getLong();
            long term = b.getLong();
            byte[] data = new byte[b.remaining()];
            b.get(data);
            snapshot = new StoredSnapshot(index, term, data);
            base = index;
        }
        List<Path> segments = SegmentDirectory.listed(dir);
        if (segments.isEmpty() && !Files.exists(hs) && snapshot == null) {
            // A new node: the hard state is written first, so a crash while creating the storage
            // leaves either nothing or a hard state — never a log whose term and vote are unknown.
            replaceAtomically(HARD_STATE, Codec.encodeBytes(hardState));
            hardStateBytes = Codec.encodeBytes(hardState).length;
        }
        if (!segments.isEmpty() && !Files.exists(hs)) {
            throw new StorageCorruptedException(hs, -1, "missing, but the log has segments: the term and vote are lost");
        }
        for (int k = 0; k < segments.size(); k++) {
            replay(segments.get(k), k == segments.size() - 1);
        }
        for (Path p : segments) { // all closed now: this life writes a fresh segment
            closed.add(new Manifest.Closed(p.getFileName().toString(), Files.size(p)));
        }
        segmentSeq = segments.isEmpty() ? 0 : SegmentDirectory.seqOf(segments.get(segments.size() - 1));
        startSegment();
    }

    private void replay(Path file, boolean last) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        long offset = 0;
        while (offset < data.limit()) {
            Records.Read r = Records.read(data, offset);
            if (r instanceof Records.Read.Ok ok) {
                apply(file, offset, ok.payload());
                offset = ok.next();
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
    }

    private void apply(Path file, long offset, byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        byte type = b.get();
        long index = b.getLong();
        if (type == TRUNCATE) {
            dropFrom(Math.max(index, base + 1));
            return;
        }
        if (type != APPEND) {
            throw new StorageCorruptedException(file, offset, "unknown record type " + type);
        }
        if (index <= base) {
            return; // covered by the snapshot
        }
        if (index > lastLogIndex() + 1) {
            throw new StorageCorruptedException(file, offset, "entry " + index + " follows entry " + lastLogIndex()
                    + ": entries are missing (a deleted segment or snapshot?)");
        }
        dropFrom(index); // an append at an earlier index replaces what followed (a rewrite after a snapshot)
        byte[] record = new byte[b.remaining()];
        b.get(record);
        log.add(record);
        logBytes += record.length;
    }

    private void dropFrom(long index) {
        while (lastLogIndex() >= index && !log.isEmpty()) {
            logBytes -= log.remove(log.size() - 1).length;
        }
    }

    /**
     * Closes the open segment (forced: its size is final) and opens the next; the manifest then names
     * both. The new file exists before the manifest names it, so a crash in between leaves an empty
     * segment nobody listed, which recovery deletes.
     */
    private void startSegment() throws IOException {
        if (segment != null) {
            segment.force(false);
            segment.close();
            closed.add(new Manifest.Closed(segmentName, segmentSize));
        }
        segmentSeq++;
        segmentName = SegmentDirectory.name(segmentSeq);
        segment = opener.open(dir.resolve(segmentName));
        segmentSize = 0;
        SegmentDirectory.force(dir);
        writeManifest();
    }

    private void writeManifest() throws IOException {
        replaceAtomically(MANIFEST, Codec.encodeBytes(new Manifest(closed, segmentName)));
    }

    // ---- the Storage contract ----

    @Override
    public synchronized HardState hardState() {
        return hardState;
    }

    @Override
    public synchronized void saveHardState(HardState state) {
        checkHealthy();
        hardState = state;
        hardStateDirty = true;
        hardStateBytes = Codec.encodeBytes(state).length;
    }

    @Override
    public synchronized List<byte[]> logEntries() {
        return List.copyOf(log);
    }

    @Override
    public synchronized long logBase() {
        return base;
    }

    @Override
    public synchronized long lastLogIndex() {
        return base + log.size();
    }

    @Override
    public synchronized void appendLog(long firstIndex, List<byte[]> records) {
        checkHealthy();
        if (firstIndex != lastLogIndex() + 1) {
            throw new IllegalArgumentException("append at " + firstIndex + " but the log ends at " + lastLogIndex()
                    + "; truncate first");
        }
        long index = firstIndex;
        for (byte[] r : records) {
            write(APPEND, index++, r);
            log.add(r.clone());
            logBytes += r.length;
        }
    }

    @Override
    public synchronized void truncateLog(long index) {
        checkHealthy();
        if (index <= base) {
            throw new IllegalArgumentException("cannot truncate at " + index + ": the log starts after " + base);
        }
        if (index <= lastLogIndex()) {
            write(TRUNCATE, index, new byte[0]);
            dropFrom(index);
        }
    }

    @Override
    public synchronized void saveSnapshot(long index, long term, byte[] data) {
        checkHealthy();
        if (snapshot != null && index <= snapshot.index()) {
            throw new IllegalArgumentException("snapshot at " + index + " is not newer than the one at " + snapshot.index());
        }
        try {
            sync(); // staged truncations first: the snapshot must never sit on top of a log they removed
            StoredSnapshot snap = new StoredSnapshot(index, term, data);
            // Written from the caller's array, never copied: a snapshot can be most of the heap.
            replaceAtomically(SNAPSHOT, ByteBuffer.allocate(16).putLong(index).putLong(term).flip(), ByteBuffer.wrap(data));
            int drop = (int) Math.min(log.size(), index - base);
            for (int k = 0; k < drop; k++) {
                logBytes -= log.get(k).length;
            }
            log.subList(0, drop).clear();
            base = index;
            snapshot = snap;
            compactSegments();
        } catch (IOException e) {
            throw failed("saving a snapshot", e);
        }
    }

    /**
     * Rewrites the kept tail into fresh segments and deletes the ones before them. The old segments
     * stay in the manifest until the whole tail is written and forced, so a crash half-way recovers
     * from them.
     */
    private void compactSegments() throws IOException {
        List<Path> old = SegmentDirectory.segments(dir);
        startSegment();
        int oldClosed = closed.size();
        long index = base + 1;
        for (byte[] r : log) {
            write(APPEND, index++, r); // may close segments of the new tail too: they follow the old ones
        }
        segment.force(false);
        closed.subList(0, oldClosed).clear();
        writeManifest(); // the old segments leave the manifest before their files go
        for (Path p : old) {
            Files.deleteIfExists(p);
        }
        SegmentDirectory.force(dir);
    }

    @Override
    public synchronized StoredSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public synchronized long snapshotBytes() {
        return snapshot == null ? 0 : snapshot.size();
    }

    /** One force for everything written since the last sync, and the hard state if it changed. */
    @Override
    public synchronized void sync() {
        checkHealthy();
        try {
            if (logDirty) {
                long start = System.nanoTime();
                segment.force(false);
                syncLatency.recordNanos(System.nanoTime() - start);
                logDirty = false;
                syncs++;
            }
            if (hardStateDirty) {
                replaceAtomically(HARD_STATE, Codec.encodeBytes(hardState));
                hardStateDirty = false;
            }
        } catch (IOException e) {
            throw failed("a sync", e);
        }
    }

    @Override
    public synchronized long sizeBytes() {
        return hardStateBytes + logBytes;
    }

    /** Forces of the log so far (for the server's metrics). */
    public synchronized long syncCount() {
        return syncs;
    }

    /** How long each force of the log took (for the server's metrics). */
    public Histogram syncLatency() {
        return syncLatency;
    }

    /**
     * Who to tell when a write or force fails (a full disk, an I/O error). The storage is crash-only:
     * after a failure it refuses every later write and sync, since what reached the disk is unknown;
     * only a restart, which recovers from what is there, brings it back. Nothing after the last good
     * sync was acknowledged, so nothing acknowledged is lost.
     */
    public synchronized void onFailure(Consumer<IOException> handler) {
        this.onFailure = handler;
    }

    /** The failure that stopped this storage, or null while it is healthy. */
    public synchronized IOException failure() {
        return failure;
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new UncheckedIOException("the storage in " + dir + " failed earlier (" + failure.getMessage()
                    + "); it accepts nothing until the node restarts", failure);
        }
    }

    private UncheckedIOException failed(String what, IOException e) {
        if (failure == null) {
            failure = e;
            onFailure.accept(e);
        }
        return new UncheckedIOException(what + " in " + dir + " failed: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        if (failure != null) {
            try {
                segment.close();
            } catch (IOException ignored) {
                // it failed already; closing is best effort
            }
            return;
        }
        try {
            sync();
            segment.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(byte type, long index, byte[] record) {
        try {
            if (segmentSize >= segmentBytes) {
                startSegment();
            }
            ByteBuffer payload = ByteBuffer.allocate(9 + record.length).put(type).putLong(index).put(record);
            ByteBuffer framed = Records.frame(payload.array());
            segmentSize += framed.remaining();
            while (framed.hasRemaining()) {
                segment.write(framed);
            }
            logDirty = true;
        } catch (IOException e) {
            throw failed("writing the log", e);
        }
    }

    private void replaceAtomically(String name, byte[] payload) throws IOException {
        replaceAtomically(name, ByteBuffer.wrap(payload));
    }

    /** Replaces file {@code name} with one record whose payload is {@code parts}, one after another. */
    private void replaceAtomically(String name, ByteBuffer... parts) throws IOException {
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
