package raftlab.server.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.labrpc.storage.HardState;

/**
 * A disk that fills up (Mockito: a real file system cannot be made to fail on cue). The storage is
 * crash-only: the first failed write is reported once, everything after it is refused (so nothing
 * more can be acknowledged), and a restart recovers every record synced before the failure.
 */
class DiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskStopsTheStorageAndARestartKeepsWhatWasSynced() throws IOException {
        Path dir = tmp.resolve("n");
        AtomicBoolean full = new AtomicBoolean();
        FileStorage.SegmentOpener disk = file -> {
            if (!full.get()) {
                return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            FileChannel noSpace = mock(FileChannel.class); // the next segment: the file exists, no byte fits
            when(noSpace.write(any(ByteBuffer.class))).thenThrow(new IOException("No space left on device"));
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            return noSpace;
        };
        List<IOException> reported = new ArrayList<>();
        FileStorage s = FileStorage.open(dir, 64, disk); // tiny segments: the next append opens a new one
        s.onFailure(reported::add);
        s.saveHardState(new HardState(2, 1));
        s.appendLog(1, List.of(rec("synced-1"), rec("synced-2"), rec("synced-3")));
        s.sync();

        full.set(true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
            for (int i = 4; i < 20; i++) {
                s.appendLog(i, List.of(rec("after-the-disk-filled-" + i)));
            }
        });
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(1, reported.size(), "the failure is reported once");
        assertSame(reported.get(0), s.failure());
        assertThrows(UncheckedIOException.class, s::sync, "nothing after the failure can become durable");
        assertThrows(UncheckedIOException.class, () -> s.saveHardState(new HardState(3, 1)));
        assertThrows(UncheckedIOException.class, () -> s.appendLog(s.lastLogIndex() + 1, List.of(rec("x"))));
        s.close();

        try (FileStorage again = FileStorage.open(dir, 64)) { // space is back; the node restarts
            assertEquals(new HardState(2, 1), again.hardState());
            List<String> kept = again.logEntries().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            assertEquals(List.of("synced-1", "synced-2", "synced-3"), kept.subList(0, 3), "every synced record survives");
            again.appendLog(again.lastLogIndex() + 1, List.of(rec("after-restart")));
            again.sync();
        }
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
