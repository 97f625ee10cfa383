package raftlab.server.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.MemoryStorage;
import raftlab.labrpc.storage.Storage;

class FileStorageTest {
    @TempDir
    Path tmp;

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> entries(Storage s) {
        return s.logEntries().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

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

    /** Storage whose durable mark is written only by {@link FileStorage#markDurable}: the test decides what is past it. */
    private static FileStorage markedByHand(Path dir, long segmentBytes) {
        return FileStorage.open(dir, segmentBytes, f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                Duration.ofDays(1));
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
            Path copy = copyOf(dir, "cut" + cut);
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
        Path noHardState = copyOf(dir, "no-hardstate");
        Files.delete(noHardState.resolve(FileStorage.HARD_STATE));
        assertTrue(assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noHardState)).getMessage()
                .contains("hardstate"));
        Path noSnapshot = copyOf(dir, "no-snapshot");
        Files.delete(noSnapshot.resolve(FileStorage.SNAPSHOT));
        assertTrue(assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noSnapshot)).getMessage()
                .contains("entries are missing"));
        Path noMiddle = copyOf(dir, "no-middle-segment");
        List<Path> segs = segmentList(noMiddle);
        assertTrue(segs.size() >= 3, "want at least three segments, got " + segs);
        Files.delete(segs.get(segs.size() / 2));
        assertThrows(StorageCorruptedException.class, () -> FileStorage.open(noMiddle));
    }

    /** What recovery must do with one kind of damage. */
    private enum Verdict { REFUSE, REPAIR_FINAL_RECORD, OPEN_SHORTER }

    private record Damage(String name, Verdict expected, DamageAction action) {
    }

    @FunctionalInterface
    private interface DamageAction {
        void apply(Path dir, List<Path> segments, Path open) throws IOException;
    }

    /**
     * The corruption matrix (issue 16's findings among them): each damage on a fresh copy of a data
     * directory with closed segments, an open one and synced entries, and what recovery must answer.
     * The node "crashed" after a sync whose records came after the last durable mark. Only a torn
     * final record is repaired; a cut of the open segment past its durable mark exactly at a record
     * boundary is the one damage no file can reveal (docs/cluster.md, "Durability and recovery").
     */
    @Test
    void theCorruptionMatrix() throws IOException {
        Path dir = tmp.resolve("base");
        List<String> all = new ArrayList<>();
        FileStorage crashed = markedByHand(dir, 160);
        crashed.saveHardState(new HardState(4, 2));
        for (int i = 1; i <= 33; i++) { // 7 to a closed segment: the open one holds 29-33
            crashed.appendLog(i, List.of(rec("entry-" + i)));
            all.add("entry-" + i);
            if (i % 3 == 0) {
                crashed.sync();
            }
            if (i == 30) {
                crashed.markDurable(); // the open segment's first 2 records are known durable; 31-33 come after the mark
            }
        }
        crashed.sync();
        crashed.closeWithoutMark();
        int recordBytes = Records.HEADER + 9 + "entry-10".length(); // entries 10..30 have this size
        List<Damage> matrix = List.of(
                new Damage("length high byte flipped, middle of the open segment", Verdict.REFUSE,
                        (d, segs, open) -> flip(open, recordBytes, 0x01)), // 16 MiB more: past the end, yet records follow
                new Damage("payload bit flipped, middle of the open segment", Verdict.REFUSE,
                        (d, segs, open) -> flip(open, recordBytes + Records.HEADER + 10, 0x01)),
                new Damage("payload bit flipped in a closed segment", Verdict.REFUSE,
                        (d, segs, open) -> flip(segs.get(0), Records.HEADER + 10, 0x01)),
                new Damage("length high byte flipped in a closed segment", Verdict.REFUSE,
                        (d, segs, open) -> flip(segs.get(0), 0, 0x40)),
                new Damage("a closed segment cut short", Verdict.REFUSE,
                        (d, segs, open) -> cut(segs.get(1), Files.size(segs.get(1)) - 5)),
                new Damage("a closed segment truncated to 0", Verdict.REFUSE, (d, segs, open) -> cut(segs.get(1), 0)),
                new Damage("a closed segment grown", Verdict.REFUSE,
                        (d, segs, open) -> Files.write(segs.get(0), new byte[] {1, 2, 3}, StandardOpenOption.APPEND)),
                new Damage("a closed segment deleted", Verdict.REFUSE, (d, segs, open) -> Files.delete(segs.get(1))),
                new Damage("the open segment deleted", Verdict.REFUSE, (d, segs, open) -> Files.delete(open)),
                new Damage("every segment deleted, the hard state kept", Verdict.REFUSE, (d, segs, open) -> {
                    for (Path p : segs) {
                        Files.delete(p);
                    }
                }),
                new Damage("the manifest deleted", Verdict.REFUSE, (d, segs, open) -> Files.delete(d.resolve(FileStorage.MANIFEST))),
                new Damage("the hard state deleted", Verdict.REFUSE, (d, segs, open) -> Files.delete(d.resolve(FileStorage.HARD_STATE))),
                new Damage("the open segment zero-filled from inside a record", Verdict.REFUSE,
                        (d, segs, open) -> zeroFrom(open, recordBytes + 5)),
                new Damage("the open segment zero-filled from a record boundary below its durable mark", Verdict.REFUSE,
                        (d, segs, open) -> zeroFrom(open, recordBytes)),
                new Damage("the open segment truncated to 0", Verdict.REFUSE, (d, segs, open) -> cut(open, 0)),
                new Damage("the open segment cut at a record boundary below its durable mark", Verdict.REFUSE,
                        (d, segs, open) -> cut(open, recordBytes)),
                new Damage("the open segment cut inside its final record", Verdict.REPAIR_FINAL_RECORD,
                        (d, segs, open) -> cut(open, Files.size(open) - 3)),
                new Damage("the final record zero-filled in its last 12 bytes, header intact", Verdict.REPAIR_FINAL_RECORD,
                        (d, segs, open) -> zeroFrom(open, Files.size(open) - 12)),
                new Damage("zeros appended after the final record", Verdict.OPEN_SHORTER,
                        (d, segs, open) -> Files.write(open, new byte[64], StandardOpenOption.APPEND)),
                new Damage("the final record's length high byte flipped (reads as a torn write)", Verdict.REPAIR_FINAL_RECORD,
                        (d, segs, open) -> flip(open, Files.size(open) - recordBytes, 0x01)),
                new Damage("the open segment cut at a boundary past its durable mark (undetectable)", Verdict.OPEN_SHORTER,
                        (d, segs, open) -> cut(open, Files.size(open) - recordBytes)),
                new Damage("the open segment zero-filled from a boundary past its durable mark", Verdict.OPEN_SHORTER,
                        (d, segs, open) -> zeroFrom(open, 2L * recordBytes)));
        List<Path> segs = segmentList(dir);
        int inOpen = (int) (Files.size(segs.get(segs.size() - 1)) / recordBytes);
        for (Damage damage : matrix) {
            Path copy = copyOf(dir, "damage-" + matrix.indexOf(damage));
            List<Path> copySegs = segmentList(copy);
            damage.action().apply(copy, copySegs, copySegs.get(copySegs.size() - 1));
            String verdict;
            try (FileStorage s = FileStorage.open(copy, 160)) {
                List<String> got = entries(s);
                verdict = got.equals(all.subList(0, all.size() - 1)) ? "repaired: final record dropped"
                        : got.equals(all) ? "opened: nothing lost"
                        : "opened: " + (all.size() - got.size()) + " entries fewer";
                switch (damage.expected()) {
                    case REFUSE -> throw new AssertionError(damage.name() + ": must not open, but " + verdict);
                    case REPAIR_FINAL_RECORD -> assertEquals(all.subList(0, all.size() - 1), got, damage.name());
                    case OPEN_SHORTER -> assertTrue(all.subList(0, got.size()).equals(got), damage.name() + ": " + got);
                }
            } catch (StorageCorruptedException e) {
                verdict = "refused: " + e.getMessage().lines().findFirst().orElse("").replace(copy.toString(), "");
                assertEquals(Verdict.REFUSE, damage.expected(), damage.name() + " was refused: " + e.getMessage());
                assertTrue(e.getMessage().contains("The node will not start on damaged data"), "names the remedy");
            }
            System.out.printf("  %-72s %s%n", damage.name(), verdict);
        }
        assertTrue(inOpen >= 4 && segs.size() >= 3, "the matrix needs closed segments and records in the open one: "
                + segs.size() + " segments, " + inOpen + " records in the open one");
    }

    private static void flip(Path file, long offset, int bits) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= (byte) bits;
        Files.write(file, bytes);
    }

    private static void cut(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void zeroFrom(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.util.Arrays.fill(bytes, (int) offset, bytes.length, (byte) 0);
        Files.write(file, bytes);
    }

    @Test
    void aCleanCloseOrAnElapsedIntervalLeavesNoWindow() throws IOException {
        Path clean = tmp.resolve("clean");
        try (FileStorage s = markedByHand(clean, FileStorage.DEFAULT_SEGMENT_BYTES)) {
            s.saveHardState(new HardState(1, 0));
            s.appendLog(1, List.of(rec("a"), rec("b")));
            s.sync();
        } // a clean close records the whole open segment as durable
        cut(lastSegment(clean), Files.size(lastSegment(clean)) - 3);
        StorageCorruptedException e = assertThrows(StorageCorruptedException.class, () -> FileStorage.open(clean));
        assertTrue(e.getMessage().contains("forced to disk"), e.getMessage());

        Path marked = tmp.resolve("marked");
        FileStorage s = FileStorage.open(marked, FileStorage.DEFAULT_SEGMENT_BYTES,
                f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), Duration.ZERO);
        s.saveHardState(new HardState(1, 0));
        s.appendLog(1, List.of(rec("a"), rec("b")));
        s.sync(); // the interval has passed: this sync writes the mark too
        s.closeWithoutMark();
        cut(lastSegment(marked), Files.size(lastSegment(marked)) - 3);
        e = assertThrows(StorageCorruptedException.class, () -> FileStorage.open(marked));
        assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("forced to disk"), e.getMessage());
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

    private static long segments(Path dir) throws IOException {
        return segmentList(dir).size();
    }

    private static List<Path> segmentList(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }

    private static Path lastSegment(Path dir) throws IOException {
        List<Path> segs = segmentList(dir);
        // the newest segment may be empty (opened at start); the data is in the last non-empty one
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (Files.size(segs.get(i)) > 0) {
                return segs.get(i);
            }
        }
        throw new IllegalStateException("no segment with data in " + dir);
    }

    private Path copyOf(Path dir, String name) throws IOException {
        Path copy = tmp.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        return copy;
    }
}
