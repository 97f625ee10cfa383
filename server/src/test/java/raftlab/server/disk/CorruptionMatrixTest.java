package raftlab.server.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.server.disk.StorageFiles.copyOf;
import static raftlab.server.disk.StorageFiles.cut;
import static raftlab.server.disk.StorageFiles.entries;
import static raftlab.server.disk.StorageFiles.flip;
import static raftlab.server.disk.StorageFiles.lastSegment;
import static raftlab.server.disk.StorageFiles.markedByHand;
import static raftlab.server.disk.StorageFiles.rec;
import static raftlab.server.disk.StorageFiles.segmentList;
import static raftlab.server.disk.StorageFiles.zeroFrom;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.labrpc.storage.HardState;

/**
 * Recovery against damaged data directories: the corruption matrix (each damage and the verdict it
 * must get) and the durable mark that tells a lost tail from a torn write.
 */
class CorruptionMatrixTest {
    @TempDir
    Path tmp;

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
            Path copy = copyOf(dir, tmp, "damage-" + matrix.indexOf(damage));
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
}
