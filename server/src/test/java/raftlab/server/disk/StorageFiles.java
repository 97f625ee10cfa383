package raftlab.server.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import raftlab.labrpc.storage.Storage;

/** Data-directory helpers for the storage tests: records, copies, segments, and damage done to files. */
final class StorageFiles {
    private StorageFiles() {
    }

    static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> entries(Storage s) {
        return s.logEntries().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /** Storage whose durable mark is written only by {@link FileStorage#markDurable}: the test decides what is past it. */
    static FileStorage markedByHand(Path dir, long segmentBytes) {
        return FileStorage.open(dir, segmentBytes, f -> FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                Duration.ofDays(1));
    }

    static void flip(Path file, long offset, int bits) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= (byte) bits;
        Files.write(file, bytes);
    }

    static void cut(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void zeroFrom(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        java.util.Arrays.fill(bytes, (int) offset, bytes.length, (byte) 0);
        Files.write(file, bytes);
    }

    static long segments(Path dir) throws IOException {
        return segmentList(dir).size();
    }

    static List<Path> segmentList(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> segs = segmentList(dir);
        // the newest segment may be empty (opened at start); the data is in the last non-empty one
        for (int i = segs.size() - 1; i >= 0; i--) {
            if (Files.size(segs.get(i)) > 0) {
                return segs.get(i);
            }
        }
        throw new IllegalStateException("no segment with data in " + dir);
    }

    /** A copy of data directory {@code dir} as {@code root/name}, to damage without touching the original. */
    static Path copyOf(Path dir, Path root, String name) throws IOException {
        Path copy = root.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, copy.resolve(p.getFileName()));
            }
        }
        return copy;
    }
}
