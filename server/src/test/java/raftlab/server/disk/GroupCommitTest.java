package raftlab.server.disk;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static raftlab.server.disk.StorageFiles.entries;
import static raftlab.server.disk.StorageFiles.rec;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;
import raftlab.labrpc.storage.HardState;

/**
 * The log is forced outside the storage's lock, so a node's next commands are written while the
 * last ones reach the disk. A disk whose force is held on cue (Mockito around a real file: a real
 * disk cannot be stopped mid-force) shows it: an append goes on during a force, syncs that arrive
 * meanwhile wait for it and then share one more force, and a reopen finds everything synced.
 */
class GroupCommitTest {
    @TempDir
    Path tmp;

    @Test
    void appendsGoOnDuringAForceAndTheSyncsThatArriveMeanwhileShareTheNextOne() throws Exception {
        AtomicBoolean hold = new AtomicBoolean();
        CountDownLatch forcing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        FileStorage.SegmentOpener disk = file -> {
            FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileChannel held = mock(FileChannel.class, AdditionalAnswers.delegatesTo(real));
            doAnswer(call -> {
                forces.incrementAndGet();
                if (hold.get()) {
                    forcing.countDown();
                    release.await();
                }
                real.force(call.getArgument(0));
                return null;
            }).when(held).force(anyBoolean());
            return held;
        };
        Path dir = tmp.resolve("n");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (FileStorage s = FileStorage.open(dir, FileStorage.DEFAULT_SEGMENT_BYTES, disk)) {
            s.saveHardState(new HardState(1, 0));
            s.appendLog(1, List.of(rec("first")));
            hold.set(true);
            Future<?> first = threads.submit(s::sync);
            assertTrue(forcing.await(10, SECONDS), "the first sync forces the log");
            int during = forces.get();

            threads.submit(() -> s.appendLog(2, List.of(rec("second")))).get(10, SECONDS); // not held up by the force
            Future<?> second = threads.submit(s::sync);
            Future<?> third = threads.submit(s::sync);
            assertThrows(TimeoutException.class, () -> second.get(200, MILLISECONDS),
                    "a sync of what came after the force began cannot return before a force covers it");

            release.countDown();
            first.get(10, SECONDS);
            second.get(10, SECONDS);
            third.get(10, SECONDS);
            assertEquals(during + 1, forces.get(), "the two syncs that waited shared one force");
        } finally {
            threads.shutdownNow();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(List.of("first", "second"), entries(s));
        }
    }
}
