package raftlab.server.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
 * <p>Recovery ({@link LogRecovery}) replays the snapshot and then the segments in order. Only a torn
 * final record is repaired — the end of the open segment cut short, or zero-filled, with nothing
 * valid after it, past what was known durable (a crash mid-write, never acknowledged). Anything else
 * that is not what was written stops the node with {@link StorageCorruptedException} naming the file
 * and offset: a bad checksum or length with valid records after it, a gap in the indexes, and — from
 * the {@link Manifest}, rewritten whenever a segment is closed or dropped, and at most every
 * {@link #DURABLE_MARK_INTERVAL} after a sync — a missing segment, a closed one cut short or grown,
 * the open one shorter than its durable mark or damaged below it, segments without a manifest. What no
 * file can tell is a cut past the mark exactly at a record boundary: it looks like a crash before
 * those writes were forced (docs/cluster.md, "Durability and recovery").
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
    /**
     * How often, at most, a sync also records in the manifest how much of the open segment is forced:
     * an extra atomic file replacement per second is noise next to hundreds of log forces, and it
     * bounds what a silently cut segment can lose to the writes of the last second.
     */
    public static final Duration DURABLE_MARK_INTERVAL = Duration.ofSeconds(1);
    static final String HARD_STATE = "hardstate";
    static final String SNAPSHOT = "snapshot";
    static final String MANIFEST = "manifest";
    static final byte APPEND = 1;
    static final byte TRUNCATE = 2;

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
    /** Bytes of the open segment forced to disk, and how many of them the manifest records (its durable mark). */
    private long syncedSize;
    private long markedSize;
    private long markedAtNanos = System.nanoTime();
    private final long markIntervalNanos;
    /** A force of the open segment is running outside the lock; other syncs wait for it. */
    private boolean forcing;
    /**
     * Records written since the last sync and not yet handed to the file. A leader appends one entry
     * per client command, under its Raft lock; a write(2) for each took 3.5 % of its CPU, and a
     * follower's one per record of a batch 8 %. Staged, they reach the file in one write at the next
     * sync (or when this fills), which changes nothing a crash can see: unforced bytes were never
     * promised, and recovery already treats a cut tail as a write the crash interrupted.
     */
    private final ByteBuffer staged = ByteBuffer.allocate(STAGED_BYTES);
    static final int STAGED_BYTES = 256 * 1024;
    private long syncs;
    private final Histogram syncLatency = new Histogram();

    private final SegmentOpener opener;
    private final SnapshotWriter writer;
    /** The first write or force that failed: from then on the storage refuses everything (crash-only). */
    private IOException failure;
    private Consumer<IOException> onFailure = e -> { };

    private FileStorage(Path dir, long segmentBytes, SegmentOpener opener, Duration markInterval) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.opener = opener;
        this.markIntervalNanos = markInterval.toNanos();
        this.writer = new SnapshotWriter(this, dir, SNAPSHOT);
    }

    /** Opens (or creates) the storage in {@code dir}, recovering what it holds. */
    public static FileStorage open(Path dir) {
        return open(dir, DEFAULT_SEGMENT_BYTES);
    }

    public static FileStorage open(Path dir, long segmentBytes) {
        return open(dir, segmentBytes, file -> FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    }

    static FileStorage open(Path dir, long segmentBytes, SegmentOpener opener) {
        return open(dir, segmentBytes, opener, DURABLE_MARK_INTERVAL);
    }

    /** With another interval between durable marks (tests: a long one, and {@link #markDurable} by hand). */
    static FileStorage open(Path dir, long segmentBytes, SegmentOpener opener, Duration markInterval) {
        FileStorage s = new FileStorage(dir, segmentBytes, opener, markInterval);
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
        LogRecovery.Recovered r = LogRecovery.recover(dir);
        if (r.fresh()) {
            // A new node: the hard state is written first, so a crash while creating the storage
            // leaves either nothing or a hard state — never a log whose term and vote are unknown.
            replaceAtomically(HARD_STATE, Codec.encodeBytes(HardState.INITIAL));
        }
        hardState = r.hardState();
        hardStateBytes = Codec.encodeBytes(hardState).length;
        snapshot = r.snapshot();
        base = r.base();
        log.addAll(r.log());
        logBytes = r.logBytes();
        closed.addAll(r.closed());
        segmentSeq = r.lastSegmentSeq();
        startSegment();
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
            writeStaged();
            segment.force(false);
            segment.close();
            closed.add(new Manifest.Closed(segmentName, segmentSize));
        }
        segmentSeq++;
        segmentName = SegmentDirectory.name(segmentSeq);
        segment = opener.open(dir.resolve(segmentName));
        segmentSize = 0;
        syncedSize = 0;
        SegmentDirectory.force(dir);
        writeManifest();
    }

    /** Records the segments, and how much of the open one is forced (its durable mark). */
    private void writeManifest() throws IOException {
        replaceAtomically(MANIFEST, Codec.encodeBytes(new Manifest(closed, segmentName, syncedSize)));
        markedSize = syncedSize;
        markedAtNanos = System.nanoTime();
    }

    /** Records the durable mark now, whatever the interval (tests). */
    synchronized void markDurable() {
        try {
            writeManifest();
        } catch (IOException e) {
            throw failed("writing the manifest", e);
        }
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

    /**
     * A snapshot of a prefix this log holds (the node's own compaction) takes effect in memory at once
     * and is written by {@link SnapshotWriter}, off the caller's thread: the node's Raft lock is not
     * held for the seconds a big snapshot takes to reach the disk. Until its file is in place the old
     * snapshot and every segment stay, so a crash recovers the older, consistent state; only then are
     * the segments it covers dropped. A snapshot past the log's end (one installed from the leader,
     * after the log was cleared) is written before this returns, as the install's reply relies on it.
     */
    @Override
    public synchronized void saveSnapshot(long index, long term, byte[] data, String meta) {
        checkHealthy();
        if (snapshot != null && index <= snapshot.index()) {
            throw new IllegalArgumentException("snapshot at " + index + " is not newer than the one at " + snapshot.index());
        }
        boolean prefix = index <= lastLogIndex();
        try {
            sync(); // staged truncations first: the snapshot must never sit on top of a log they removed
            if (!prefix) {
                writer.awaitIdle(); // an older snapshot still being written must not land after this one
            }
            StoredSnapshot snap = new StoredSnapshot(index, term, data, meta);
            int drop = (int) Math.min(log.size(), index - base);
            for (int k = 0; k < drop; k++) {
                logBytes -= log.get(k).length;
            }
            log.subList(0, drop).clear();
            base = index;
            snapshot = snap;
            if (prefix) {
                writer.write(snap);
            } else {
                writer.writeNow(snap);
                compactSegments();
            }
        } catch (IOException e) {
            throw failed("saving a snapshot", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("saving a snapshot", new IOException("interrupted while an earlier snapshot was written", e));
        }
    }

    /** With snapshot files written through {@code file} (tests: a disk that is slow or fails). */
    synchronized FileStorage withSnapshotFile(SnapshotWriter.SnapshotFile file) {
        writer.writeThrough(file);
        return this;
    }

    /**
     * {@link SnapshotWriter}'s word that the file of {@code written} is in place: the segments it
     * covers can go, unless a newer snapshot is already waiting (its own write will drop them, and the
     * log in memory no longer holds the entries between the two).
     */
    synchronized void snapshotWritten(StoredSnapshot written) throws IOException {
        if (failure == null && !writer.hasPending() && base == written.index() && segment.isOpen()) {
            compactSegments();
        }
    }

    /** {@link SnapshotWriter}'s word that writing a snapshot failed: the storage fails as any write would. */
    synchronized void snapshotFailed(IOException e) {
        if (failure == null) {
            failed("writing a snapshot", e);
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
        writeStaged();
        segment.force(false);
        syncedSize = segmentSize;
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

    /**
     * One force for everything written before the call, and the hard state if it changed. The force
     * runs outside this storage's lock, so appends go on meanwhile (the node's next commands gather
     * for the next force instead of waiting behind this one); a sync that finds a force under way
     * waits for it and then forces what it still needs, once for every caller that waited (group
     * commit).
     */
    @Override
    public void sync() {
        FileChannel channel;
        long seq;
        long through;
        synchronized (this) {
            checkHealthy();
            try {
                writeStaged();
                seq = segmentSeq;
                through = segmentSize;
                while (forcing && !forced(seq, through)) {
                    wait();
                    checkHealthy();
                }
                if (forced(seq, through)) {
                    syncHardState();
                    return;
                }
                writeStaged(); // what others staged while this waited rides on this force too
            } catch (IOException e) {
                throw failed("a sync", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failed("a sync", new IOException("interrupted while waiting for a force of the log", e));
            }
            forcing = true;
            channel = segment;
            seq = segmentSeq;
            through = segmentSize; // what this force covers: everything handed to the file so far
        }
        long start = System.nanoTime();
        IOException failure = null;
        try {
            channel.force(false);
        } catch (java.nio.channels.ClosedChannelException closed) {
            failure = closed; // fine if a new segment was started meanwhile: that forced this one before closing it
        } catch (IOException e) {
            failure = e;
        }
        synchronized (this) {
            forcing = false;
            notifyAll();
            if (failure instanceof java.nio.channels.ClosedChannelException && seq < segmentSeq) {
                failure = null;
            }
            if (failure != null) {
                throw failed("a sync", failure);
            }
            syncLatency.recordNanos(System.nanoTime() - start);
            syncs++;
            if (seq == segmentSeq) {
                syncedSize = Math.max(syncedSize, through);
            }
            try {
                if (System.nanoTime() - markedAtNanos >= markIntervalNanos) {
                    writeManifest();
                }
                syncHardState();
            } catch (IOException e) {
                throw failed("a sync", e);
            }
        }
    }

    /** Whether the bytes through {@code through} of segment {@code seq} are on disk (a later segment forced it whole). */
    private boolean forced(long seq, long through) {
        return seq < segmentSeq || syncedSize >= through;
    }

    private void syncHardState() throws IOException {
        if (hardStateDirty) {
            replaceAtomically(HARD_STATE, Codec.encodeBytes(hardState));
            hardStateDirty = false;
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
        try {
            writer.awaitIdle(); // a clean stop leaves its last snapshot on disk: a restart need not replay what it covers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
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
            if (syncedSize > markedSize) {
                writeManifest(); // a clean stop leaves no window: the whole open segment is known durable
            }
            segment.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops as a crash would right after the last sync and snapshot write: no durable mark is written (tests). */
    synchronized void closeWithoutMark() throws IOException {
        try {
            writer.awaitIdle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
        segment.close();
    }

    /** Waits until no snapshot is being written (tests read the files). */
    synchronized void awaitSnapshotWritten() throws InterruptedException {
        writer.awaitIdle();
    }

    private void write(byte type, long index, byte[] record) {
        try {
            if (segmentSize >= segmentBytes) {
                startSegment();
            }
            ByteBuffer meta = ByteBuffer.allocate(9).put(type).putLong(index).flip();
            ByteBuffer payload = ByteBuffer.wrap(record);
            ByteBuffer header = Records.header(meta, payload);
            int size = Records.HEADER + meta.remaining() + record.length;
            if (size > staged.remaining()) {
                writeStaged();
            }
            if (size > staged.capacity()) { // a big record goes straight to the file, not through a big buffer
                ByteBuffer[] frame = {header, meta, payload};
                while (payload.hasRemaining()) {
                    segment.write(frame);
                }
            } else {
                staged.put(header).put(meta).put(payload);
            }
            segmentSize += size;
        } catch (IOException e) {
            throw failed("writing the log", e);
        }
    }

    /** Hands the staged records to the open segment's file. */
    private void writeStaged() throws IOException {
        staged.flip();
        while (staged.hasRemaining()) {
            segment.write(staged);
        }
        staged.clear();
    }

    private void replaceAtomically(String name, byte[] payload) throws IOException {
        AtomicFiles.replace(dir, name, ByteBuffer.wrap(payload));
    }
}
