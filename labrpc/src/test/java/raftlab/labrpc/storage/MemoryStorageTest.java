package raftlab.labrpc.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryStorageTest {
    private static final byte[] A = {1};
    private static final byte[] B = {2, 2};
    private static final byte[] C = {3, 3, 3};

    @Test
    void aCrashKeepsExactlyWhatWasSaved() {
        MemoryStorage s = new MemoryStorage();
        assertEquals(HardState.INITIAL, s.hardState());
        s.saveHardState(new HardState(3, 1));
        s.appendLog(1, List.of(A, B));
        MemoryStorage restarted = s.afterCrash();
        s.saveHardState(new HardState(9, 2)); // the crashed zombie writes on; the successor must not see it
        s.appendLog(3, List.of(C));
        assertEquals(new HardState(3, 1), restarted.hardState());
        assertEquals(2, restarted.lastLogIndex());
        assertEquals(new HardState(9, 2), s.hardState());
        assertEquals(3, s.lastLogIndex());
    }

    @Test
    void aLossyDiskKeepsOnlyWhatWasSynced() {
        MemoryStorage s = new MemoryStorage(true);
        s.saveHardState(new HardState(1, 0));
        s.appendLog(1, List.of(A));
        s.sync();
        s.saveHardState(new HardState(2, 1));
        s.appendLog(2, List.of(B));
        MemoryStorage restarted = s.afterCrash();
        assertEquals(new HardState(1, 0), restarted.hardState());
        assertEquals(1, restarted.lastLogIndex());
        assertArrayEquals(A, restarted.logEntries().get(0));
    }

    @Test
    void truncationAndSizes() {
        MemoryStorage s = new MemoryStorage();
        s.appendLog(1, List.of(A, B, C));
        assertEquals(6, s.sizeBytes());
        s.truncateLog(2);
        assertEquals(1, s.lastLogIndex());
        assertEquals(1, s.sizeBytes());
        assertThrows(IllegalArgumentException.class, () -> s.appendLog(5, List.of(A)));
        s.saveHardState(new HardState(4, 2));
        assertTrue(s.sizeBytes() > 1);
    }

    @Test
    void aSnapshotDropsTheRecordsItCoversAndKeepsTheTail() {
        MemoryStorage s = new MemoryStorage();
        s.appendLog(1, List.of(A, B, C));
        s.saveSnapshot(2, 5, new byte[] {9, 9});
        assertEquals(2, s.logBase());
        assertEquals(3, s.lastLogIndex());
        assertEquals(1, s.logEntries().size());
        assertArrayEquals(C, s.logEntries().get(0));
        assertEquals(3, s.sizeBytes(), "the snapshot is not Raft state");
        assertEquals(2, s.snapshotBytes());
        s.appendLog(4, List.of(A));
        assertThrows(IllegalArgumentException.class, () -> s.truncateLog(2), "cannot truncate into the snapshot");
        assertThrows(IllegalArgumentException.class, () -> s.saveSnapshot(2, 5, new byte[0]), "not newer");
        // a follower's install beyond its log: the log empties and continues after the snapshot
        s.saveSnapshot(10, 7, new byte[] {1});
        assertEquals(10, s.logBase());
        assertEquals(10, s.lastLogIndex());
        assertEquals(0, s.sizeBytes());
        s.appendLog(11, List.of(B));
        assertEquals(11, s.lastLogIndex());
    }

    @Test
    void snapshotAndLogAreLostOrKeptTogether() {
        MemoryStorage s = new MemoryStorage(true);
        s.appendLog(1, List.of(A, B, C));
        s.sync();
        s.saveSnapshot(2, 1, new byte[] {7});
        MemoryStorage unsynced = s.afterCrash();
        assertEquals(null, unsynced.snapshot());
        assertEquals(0, unsynced.logBase());
        assertEquals(3, unsynced.lastLogIndex());
        s.sync();
        s.appendLog(4, List.of(A));
        s.truncateLog(4);
        s.appendLog(4, List.of(B));
        s.sync();
        MemoryStorage restarted = s.afterCrash();
        assertEquals(2, restarted.snapshot().index());
        assertEquals(1, restarted.snapshot().term());
        assertArrayEquals(new byte[] {7}, restarted.snapshot().data());
        assertEquals(2, restarted.logBase());
        assertEquals(4, restarted.lastLogIndex());
        assertArrayEquals(B, restarted.logEntries().get(1));
    }

    @Test
    void invalidHardStateIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HardState(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new HardState(1, -2));
    }
}
