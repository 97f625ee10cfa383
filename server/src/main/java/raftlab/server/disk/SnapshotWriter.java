package raftlab.server.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import raftlab.labrpc.storage.StoredSnapshot;

/**
 * Writes {@link FileStorage}'s snapshot files on a thread of its own, newest first: a snapshot asked
 * for while another is being written waits, and one newer still replaces it, so a node that snapshots
 * faster than its disk writes loses nothing but the files nobody would read. Its state is guarded by
 * the storage's monitor, which is never held while a file is written.
 */
final class SnapshotWriter {
    /** How a snapshot file is written: {@link #writeFile}, or in tests through a disk that is slow or fails. */
    @FunctionalInterface
    interface SnapshotFile {
        void write(SnapshotWriter writer, StoredSnapshot snapshot) throws IOException;
    }

    private final FileStorage storage;
    private final Path dir;
    private final String name;
    private volatile SnapshotFile file = SnapshotWriter::writeFile;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot-writer");
        t.setDaemon(true);
        return t;
    });
    /** The newest snapshot not yet being written. */
    private StoredSnapshot pending;
    /** A write is under way (or about to start). */
    private boolean busy;

    SnapshotWriter(FileStorage storage, Path dir, String name) {
        this.storage = storage;
        this.dir = dir;
        this.name = name;
    }

    /**
     * The snapshot's file, from its own array, never copied: a snapshot can be most of the heap. Its
     * header is the index and the term; a snapshot with Raft's own state ({@link StoredSnapshot#meta})
     * starts with {@link #WITH_META} instead (never an index), then the index, the term, and the meta's length and bytes.
     */
    void writeFile(StoredSnapshot snap) throws IOException {
        if (snap.meta() == null) {
            AtomicFiles.replace(dir, name, ByteBuffer.allocate(16).putLong(snap.index()).putLong(snap.term()).flip(),
                    ByteBuffer.wrap(snap.data()));
            return;
        }
        byte[] meta = snap.meta().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.replace(dir, name, ByteBuffer.allocate(28).putLong(WITH_META).putLong(snap.index()).putLong(snap.term())
                .putInt(meta.length).flip(), ByteBuffer.wrap(meta), ByteBuffer.wrap(snap.data()));
    }

    /** The first 8 bytes of a snapshot file that holds Raft's own state too: an index is never negative. */
    static final long WITH_META = -1;

    /** A snapshot file's contents (checksum already verified) as the snapshot it holds. */
    static StoredSnapshot read(Path file, ByteBuffer b) {
        long first = b.getLong();
        String meta = null;
        if (first == WITH_META) {
            first = b.getLong();
            long term = b.getLong();
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new StorageCorruptedException(file, 24, "a meta length of " + length + " bytes, with "
                        + b.remaining() + " left in the file");
            }
            byte[] m = new byte[length];
            b.get(m);
            meta = new String(m, java.nio.charset.StandardCharsets.UTF_8);
            return snapshotOf(file, first, term, b, meta);
        }
        return snapshotOf(file, first, b.getLong(), b, null);
    }

    private static StoredSnapshot snapshotOf(Path file, long index, long term, ByteBuffer rest, String meta) {
        if (index < 1 || term < 1) {
            throw new StorageCorruptedException(file, 0, "a snapshot of index " + index + " and term " + term
                    + " (both are at least 1)");
        }
        byte[] data = new byte[rest.remaining()];
        rest.get(data);
        return new StoredSnapshot(index, term, data, meta);
    }

    /** Writes {@code snap}'s file on the caller's thread; the caller holds the storage's monitor and saw {@link #awaitIdle}. */
    void writeNow(StoredSnapshot snap) throws IOException {
        file.write(this, snap);
    }

    /** Writes through {@code f} from now on; the caller holds the storage's monitor (tests). */
    void writeThrough(SnapshotFile f) {
        file = f;
    }

    /** Queues {@code snapshot} for writing; the caller holds the storage's monitor. */
    void write(StoredSnapshot snapshot) {
        pending = snapshot;
        if (!busy) {
            busy = true;
            thread.execute(this::drain);
        }
    }

    /** Whether a newer snapshot waits; the caller holds the storage's monitor. */
    boolean hasPending() {
        return pending != null;
    }

    /** Waits until no snapshot is being written or waits to be; the caller holds the storage's monitor. */
    void awaitIdle() throws InterruptedException {
        while (busy) {
            storage.wait();
        }
    }

    void close() {
        thread.shutdown();
    }

    private void drain() {
        while (true) {
            StoredSnapshot next;
            synchronized (storage) {
                next = pending;
                pending = null;
                if (next == null || storage.failure() != null) { // a failed storage writes nothing more
                    idle();
                    return;
                }
            }
            try {
                file.write(this, next);
                storage.snapshotWritten(next);
            } catch (IOException e) {
                storage.snapshotFailed(e);
            } catch (UncheckedIOException e) {
                storage.snapshotFailed(e.getCause());
            }
        }
    }

    private void idle() {
        busy = false;
        storage.notifyAll();
    }
}
