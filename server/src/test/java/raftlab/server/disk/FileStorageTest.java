package raftlab.server.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.server.disk.StorageFiles.copyOf;
import static raftlab.server.disk.StorageFiles.entries;
import static raftlab.server.disk.StorageFiles.lastSegment;
import static raftlab.server.disk.StorageFiles.markedByHand;
import static raftlab.server.disk.StorageFiles.rec;
import static raftlab.server.disk.StorageFiles.segmentList;
import static raftlab.server.disk.StorageFiles.segments;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.MemoryStorage;

class FileStorageTest {
    @TempDir
    Path tmp;

    @Test
    void whatWasSyncedSurvivesAReopen() {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir)) {
            s.saveHardState(new HardState(3, 1));
            s.appendLog(1, List.of(rec("a"), rec("b"), rec("c")));
            s.truncateLog(3);
            s.appendLog(3, List.of(rec("C")));
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(new HardState(3, 1), s.hardState());
            assertEquals(List.of("a", "b", "C"), entries(s));
            assertEquals(3, s.lastLogIndex());
        }
    }

    /**
     * Records reach the file staged, one write per sync: small ones that overflow the staging buffer
     * between two syncs, ones bigger than the whole buffer (written past it), and truncations among
     * them must all come back in order.
     */
    @Test
    void recordsOfEverySizeSurviveAReopenInOrder() {
        Path dir = tmp.resolve("n");
        Random random = new Random(7);
        List<byte[]> expected = new ArrayList<>();
        try (FileStorage s = FileStorage.open(dir, 1 << 20)) { // several segments too
            s.saveHardState(new HardState(1, 0));
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 400; i++) {
                    int size = switch (random.nextInt(40)) {
                        case 0 -> FileStorage.STAGED_BYTES + random.nextInt(4096); // past the buffer
                        case 1 -> FileStorage.STAGED_BYTES - 20 + random.nextInt(40); // about the buffer's size
                        default -> 1 + random.nextInt(2000);
                    };
                    byte[] r = new byte[size];
                    random.nextBytes(r);
                    r[size - 1] = 1;
                    s.appendLog(s.lastLogIndex() + 1, List.of(r));
                    expected.add(r);
                }
                long cut = s.lastLogIndex() - random.nextInt(50);
                s.truncateLog(cut);
                expected.subList((int) cut - 1, expected.size()).clear();
                s.sync();
            }
        }
        try (FileStorage s = FileStorage.open(dir, 1 << 20)) {
            List<byte[]> got = s.logEntries();
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), "entry " + (i + 1));
            }
        }
    }

    @Test
    void aSnapshotReplacesThePrefixAndOldSegmentsGo() throws IOException {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir, 64)) { // tiny segments: many files
            s.saveHardState(new HardState(1, 0));
            for (int i = 1; i <= 20; i++) {
                s.appendLog(i, List.of(rec("e" + i)));
            }
            s.sync();
            assertTrue(segments(dir) > 3);
            s.saveSnapshot(15, 1, rec("state@15"));
            assertEquals(List.of("e16", "e17", "e18", "e19", "e20"), entries(s));
        }
        assertTrue(segments(dir) <= 3, "old segments must be deleted after a snapshot, found " + segments(dir));
        try (FileStorage s = FileStorage.open(dir, 64)) {
            assertEquals(15, s.logBase());
            assertEquals(20, s.lastLogIndex());
            assertArrayEquals(rec("state@15"), s.snapshot().data());
            assertEquals(List.of("e16", "e17", "e18", "e19", "e20"), entries(s));
            s.appendLog(21, List.of(rec("e21")));
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir, 64)) {
            assertEquals(21, s.lastLogIndex());
        }
    }

    @Test
    void aSnapshotKeepsRaftsMetaAcrossRestartsAndTheOlderFileIsStillRead() throws IOException {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir)) {
            s.saveHardState(new HardState(1, 0));
            s.appendLog(1, List.of(rec("e1"), rec("e2"), rec("e3")));
            s.sync();
            s.saveSnapshot(2, 1, rec("state@2")); // no meta: the older header, index first
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertNull(s.snapshot().meta());
            assertArrayEquals(rec("state@2"), s.snapshot().data());
            s.saveSnapshot(3, 1, rec("state@3"), "{\"voters\":[0,1,3],\"learners\":[2]}");
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(3, s.logBase());
            assertEquals("{\"voters\":[0,1,3],\"learners\":[2]}", s.snapshot().meta());
            assertArrayEquals(rec("state@3"), s.snapshot().data());
        }
    }

    @Test
    void aTornLastRecordIsCutAtEveryByteOffset() throws IOException {
        Path dir = tmp.resolve("n");
        FileStorage crashed = markedByHand(dir, FileStorage.DEFAULT_SEGMENT_BYTES);
        crashed.saveHardState(new HardState(2, 1));
        crashed.appendLog(1, List.of(rec("first"), rec("second")));
        crashed.sync();
        crashed.markDurable();
        crashed.appendLog(3, List.of(rec("the-last-record")));
        crashed.sync(); // forced, but the node dies before the next durable mark
        crashed.closeWithoutMark();
        Path segment = lastSegment(dir);
        long full = Files.size(segment);
        long lastStart = full - (Records.HEADER + 9 + "the-last-record".length());
        for (long cut = lastStart; cut < full; cut++) {
            Path copy = copyOf(dir, tmp, "cut" + cut);
            try (FileChannel ch = FileChannel.open(lastSegment(copy), StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            try (FileStorage s = FileStorage.open(copy)) {
                assertEquals(List.of("first", "second"), entries(s), "cut at byte " + cut);
                s.appendLog(3, List.of(rec("again")));
                s.sync();
            }
            try (FileStorage s = FileStorage.open(copy)) {
                assertEquals(List.of("first", "second", "again"), entries(s), "reopen after cut at byte " + cut);
            }
        }
    }

    @Test
    void aZeroFilledTailIsATornWriteToo() throws IOException {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir)) {
            s.saveHardState(new HardState(1, 0));
            s.appendLog(1, List.of(rec("x")));
            s.sync();
        }
        Files.write(lastSegment(dir), new byte[40], StandardOpenOption.APPEND);
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(List.of("x"), entries(s));
        }
    }

    @Test
    void aFlippedBitInTheMiddleStopsTheNodeNamingFileAndOffset() throws IOException {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir)) {
            s.saveHardState(new HardState(1, 0));
            s.appendLog(1, List.of(rec("aaaa"), rec("bbbb"), rec("cccc")));
            s.sync();
        }
        Path segment = lastSegment(dir);
        byte[] bytes = Files.readAllBytes(segment);
        int second = Records.HEADER + 9 + 4; // start of the second record
        bytes[second + Records.HEADER + 9 + 1] ^= 0x10; // inside its payload
        Files.write(segment, bytes);
        StorageCorruptedException e = assertThrows(StorageCorruptedException.class, () -> FileStorage.open(dir));
        assertTrue(e.getMessage().contains(segment.getFileName().toString()) && e.getMessage().contains("byte " + second)
                && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void missingFilesStopTheNode() throws IOException {
        Path dir = tmp.resolve("n");
        try (FileStorage s = FileStorage.open(dir, 64)) {
            s.saveHardState(new HardState(1, 0));
            for (int i = 1; i <= 12; i++) {
                s.appendLog(i, List.of(rec("e" + i)));
            }
            s.sync();
            s.saveSnapshot(4, 1, rec("state@4"));
            s.appendLog(13, List.of(rec("e13")));
            s.sync();
        }
        Path noHardState = copyOf(dir, tmp, "no-hardstate");
        Files.delete(noHardState.resolve(FileStorage.HARD_STATE));
        assertTrue(assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noHardState)).getMessage()
                .contains("hardstate"));
        Path noSnapshot = copyOf(dir, tmp, "no-snapshot");
        Files.delete(noSnapshot.resolve(FileStorage.SNAPSHOT));
        assertTrue(assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noSnapshot)).getMessage()
                .contains("entries are missing"));
        Path noMiddle = copyOf(dir, tmp, "no-middle-segment");
        List<Path> segs = segmentList(noMiddle);
        assertTrue(segs.size() >= 3, "want at least three segments, got " + segs);
        Files.delete(segs.get(segs.size() / 2));
        assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noMiddle));
    }

    @Test
    void aFirstStartCutShortBeforeItsManifestIsAFreshNode() throws IOException {
        Path dir = tmp.resolve("first");
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(0, s.lastLogIndex());
        }
        Files.delete(dir.resolve(FileStorage.MANIFEST)); // the crash came after the first segment, before the manifest
        assertTrue(segments(dir) > 0 && Files.size(segmentList(dir).get(0)) == 0);
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(HardState.INITIAL, s.hardState());
            assertEquals(0, s.lastLogIndex());
            s.appendLog(1, List.of(rec("x")));
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir)) {
            assertEquals(List.of("x"), entries(s));
        }
    }

    @Test
    void anEmptyDirectoryIsAFreshNode() {
        try (FileStorage s = FileStorage.open(tmp.resolve("fresh"))) {
            assertEquals(HardState.INITIAL, s.hardState());
            assertEquals(0, s.lastLogIndex());
            assertNull(s.snapshot());
        }
        // the hard state is written before the first segment, so a node killed during its very first
        // start is still a fresh node (not a log without a term and vote) when it comes back
        assertTrue(Files.exists(tmp.resolve("fresh").resolve("hardstate")));
        try (FileStorage again = FileStorage.open(tmp.resolve("fresh"))) {
            assertEquals(HardState.INITIAL, again.hardState());
        }
    }

    @Test
    void behavesLikeMemoryStorageOnRandomOperations() {
        for (long seed = 1; seed <= 30; seed++) {
            Random r = new Random(seed);
            Path dir = tmp.resolve("rand" + seed);
            MemoryStorage mem = new MemoryStorage();
            FileStorage file = FileStorage.open(dir, 200);
            long snapIndex = 0;
            for (int step = 0; step < 200; step++) {
                int op = r.nextInt(10);
                if (op < 5) {
                    List<byte[]> batch = new ArrayList<>();
                    for (int k = 0; k <= r.nextInt(3); k++) {
                        batch.add(rec("s" + step + "k" + k));
                    }
                    long at = mem.lastLogIndex() + 1;
                    mem.appendLog(at, batch);
                    file.appendLog(at, batch);
                } else if (op < 7 && mem.lastLogIndex() > mem.logBase()) {
                    long at = mem.logBase() + 1 + r.nextInt((int) (mem.lastLogIndex() - mem.logBase()));
                    mem.truncateLog(at);
                    file.truncateLog(at);
                } else if (op < 8 && mem.lastLogIndex() > snapIndex) {
                    snapIndex = snapIndex + 1 + r.nextInt((int) (mem.lastLogIndex() - snapIndex));
                    mem.saveSnapshot(snapIndex, 1, rec("snap" + snapIndex));
                    file.saveSnapshot(snapIndex, 1, rec("snap" + snapIndex));
                } else if (op < 9) {
                    HardState h = new HardState(step, r.nextInt(3));
                    mem.saveHardState(h);
                    file.saveHardState(h);
                } else {
                    file.sync();
                    mem.sync();
                }
            }
            file.close();
            try (FileStorage again = FileStorage.open(dir, 200)) {
                assertEquals(mem.hardState(), again.hardState(), "seed " + seed);
                assertEquals(mem.logBase(), again.logBase(), "seed " + seed);
                assertEquals(entries(mem), entries(again), "seed " + seed);
                assertEquals(mem.sizeBytes(), again.sizeBytes(), "seed " + seed);
            }
        }
    }


}
