package raftlab.server.disk;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import raftlab.labrpc.net.Codec;

/** The write-ahead log's files in a data directory: their names, and which of them make the log. */
final class SegmentDirectory {
    private SegmentDirectory() {
    }

    static String name(long seq) {
        return String.format("wal-%010d.log", seq);
    }

    static long seqOf(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(4, 14));
    }

    /** Every segment file present, oldest first. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("wal-\\d{10}\\.log")).sorted().toList();
        }
    }

    /** The segments that make the log, oldest first, and how many bytes of the last (open) one are known durable. */
    record Listed(List<Path> segments, long openDurable) {
    }

    /**
     * The segments the manifest says make the log, in order, each checked against it. Leftovers of an
     * interrupted rotation (an empty segment not listed yet) or compaction (segments before the listed
     * ones) are deleted; anything else the manifest does not account for stops the node.
     */
    static Listed listed(Path dir) throws IOException {
        List<Path> present = segments(dir);
        Path mf = dir.resolve(FileStorage.MANIFEST);
        if (!Files.exists(mf)) {
            for (Path p : present) {
                if (Files.size(p) > 0) {
                    throw new StorageCorruptedException(mf, -1, "missing, but the log has segments: which of them make"
                            + " the log, and how long each was, is unknown");
                }
            }
            for (Path p : present) {
                Files.delete(p); // the very first segment, created by a start that a crash cut short before its manifest
            }
            force(dir);
            return new Listed(List.of(), 0);
        }
        Manifest manifest = Codec.decode(Records.readFile(mf), Manifest.class);
        List<Path> listed = new ArrayList<>();
        for (Manifest.Closed c : manifest.closed()) {
            Path p = dir.resolve(c.name());
            if (!Files.exists(p)) {
                throw new StorageCorruptedException(p, -1, "missing: the manifest lists it as a closed segment of "
                        + c.size() + " bytes, so log entries are lost");
            }
            long size = Files.size(p);
            if (size != c.size()) {
                throw new StorageCorruptedException(p, Math.min(size, c.size()), "is " + size + " bytes, but it was "
                        + c.size() + " when it was closed: " + (size < c.size() ? "cut short" : "written to since"));
            }
            listed.add(p);
        }
        Path open = dir.resolve(manifest.open());
        if (!Files.exists(open)) {
            throw new StorageCorruptedException(open, -1, "missing: the manifest names it as the open segment, so"
                    + " the latest log entries are lost");
        }
        listed.add(open);
        long first = seqOf(listed.get(0));
        for (Path p : present) {
            if (manifest.lists(p.getFileName().toString())) {
                continue;
            }
            if (seqOf(p) < first || Files.size(p) == 0) {
                Files.delete(p); // dropped by a compaction, or created by a rotation, that a crash interrupted
                continue;
            }
            throw new StorageCorruptedException(p, -1, "a segment the manifest does not list, and not empty");
        }
        force(dir);
        return new Listed(listed, manifest.openDurable());
    }

    /** Forces the directory, so a created, renamed or deleted file is durable too. */
    static void force(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
