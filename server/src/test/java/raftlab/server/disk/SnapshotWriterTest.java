package raftlab.server.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.server.disk.StorageFiles.copyOf;
import static raftlab.server.disk.StorageFiles.entries;
import static raftlab.server.disk.StorageFiles.rec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.StoredSnapshot;

/**
 * A node's own snapshot is written off its thread: the caller (which holds the node's Raft lock)
 * does not wait for the disk, the log keeps taking writes meanwhile, a crash during the write
 * recovers the older state with every entry, and a failed write fails the storage.
 */
class SnapshotWriterTest {
    @TempDir
    Path tmp;

    /** A snapshot disk that holds each write until released, and records which snapshots it wrote. */
    private static final class SlowDisk implements SnapshotWriter.SnapshotFile {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);
        final List<Long> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(SnapshotWriter writer, StoredSnapshot snapshot) throws IOException {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            writer.writeFile(snapshot);
            written.add(snapshot.index());
        }
    }

    private static FileStorage withEntries(Path dir, int n) {
        FileStorage s = FileStorage.open(dir, 256);
        s.saveHardState(new HardState(1, 0));
        for (int i = 1; i <= n; i++) {
            s.appendLog(i, List.of(rec("e" + i)));
        }
        s.sync();
        return s;
    }

    /** Runs {@code body} on another thread and fails unless it returns within 5 s: it must not wait for the disk. */
    private static void promptly(Runnable body) throws Exception {
        CompletableFuture.runAsync(body).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theCallerDoesNotWaitAndACrashMidWriteKeepsEveryEntry() throws Exception {
        Path dir = tmp.resolve("n");
        SlowDisk disk = new SlowDisk();
        try (FileStorage s = withEntries(dir, 20).withSnapshotFile(disk)) {
            promptly(() -> s.saveSnapshot(15, 1, rec("state@15")));
            assertTrue(disk.started.await(5, TimeUnit.SECONDS), "the snapshot write never started");
            assertEquals(15, s.logBase(), "the snapshot takes effect in memory at once");
            assertArrayEquals(rec("state@15"), s.snapshot().data());
            promptly(() -> {
                s.appendLog(21, List.of(rec("e21")));
                s.sync();
            }); // an append and a sync while the snapshot is written

            Path crashed = copyOf(dir, tmp, "crashed-mid-write"); // what a crash now would leave on disk
            try (FileStorage r = FileStorage.open(crashed, 256)) {
                assertEquals(0, r.logBase(), "the snapshot was not on disk yet: recovery starts from the full log");
                assertNull(r.snapshot());
                assertEquals(21, r.lastLogIndex());
                assertEquals("e1", entries(r).get(0));
            }

            disk.release.countDown();
            s.awaitSnapshotWritten();
            assertEquals(List.of(15L), disk.written);
        }
        try (FileStorage r = FileStorage.open(dir, 256)) {
            assertEquals(15, r.logBase());
            assertArrayEquals(rec("state@15"), r.snapshot().data());
            assertEquals(List.of("e16", "e17", "e18", "e19", "e20", "e21"), entries(r));
        }
    }

    @Test
    void aNewerSnapshotReplacesOneWaitingToBeWritten() throws Exception {
        Path dir = tmp.resolve("n");
        SlowDisk disk = new SlowDisk();
        try (FileStorage s = withEntries(dir, 20).withSnapshotFile(disk)) {
            s.saveSnapshot(10, 1, rec("state@10"));
            assertTrue(disk.started.await(5, TimeUnit.SECONDS), "the snapshot write never started");
            s.saveSnapshot(15, 1, rec("state@15"));
            s.saveSnapshot(18, 1, rec("state@18"));
            disk.release.countDown();
            s.awaitSnapshotWritten();
            assertEquals(List.of(10L, 18L), disk.written, "the snapshot at 15 was overtaken before its turn");
        }
        try (FileStorage r = FileStorage.open(dir, 256)) {
            assertEquals(18, r.logBase());
            assertArrayEquals(rec("state@18"), r.snapshot().data());
            assertEquals(List.of("e19", "e20"), entries(r));
        }
    }

    @Test
    void aFailedSnapshotWriteFailsTheStorageAndKeepsTheOldState() throws Exception {
        Path dir = tmp.resolve("n");
        AtomicReference<IOException> reported = new AtomicReference<>();
        try (FileStorage s = withEntries(dir, 20).withSnapshotFile((writer, snapshot) -> {
            throw new IOException("no space left on device");
        })) {
            s.onFailure(reported::set);
            s.saveSnapshot(15, 1, rec("state@15"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.failure() != null);
            assertEquals("no space left on device", reported.get().getMessage());
            assertThrows(UncheckedIOException.class, () -> s.appendLog(21, List.of(rec("e21"))),
                    "a storage whose snapshot failed must refuse writes, as after any failed write");
        }
        try (FileStorage r = FileStorage.open(dir, 256)) {
            assertEquals(0, r.logBase());
            assertEquals(20, r.lastLogIndex());
        }
    }
}
