package raftlab.labrpc.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records a run as JSON lines ({@code {"t":<ms>,"ev":<kind>,...}}). It keeps a running SHA-256 of
 * every line, so two runs can be compared event for event, and — bounded in bytes, so a runaway run
 * cannot fill a laptop's disk or an autograder's — the beginning of the run and its most recent
 * lines, to be written out when a test fails. What is cut from the middle is counted, and marked
 * where it was.
 */
public final class TraceLog implements TraceSink {
    /** The most a written trace holds: the first eighth of this from the start, the rest from the end. */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    private final LongSupplier clock;
    private final long headCap;
    private final long tailCap;
    private final List<String> head = new ArrayList<>();
    private long headBytes;
    private boolean headFull;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long tailBytes;
    private long cutLines;
    private long cutBytes;
    private final MessageDigest digest;
    private long count;

    public TraceLog(LongSupplier clock) {
        this(clock, DEFAULT_MAX_BYTES);
    }

    /** A trace whose written form holds at most about {@code maxBytes}. */
    public TraceLog(LongSupplier clock, long maxBytes) {
        this.clock = clock;
        this.headCap = maxBytes / 8;
        this.tailCap = maxBytes - headCap;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public TraceEvent event(String kind) {
        return new Line(kind);
    }

    private synchronized void append(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        count++;
        long size = line.length() + 1L;
        if (!headFull) {
            if (headBytes + size <= headCap) {
                head.add(line);
                headBytes += size;
                return;
            }
            headFull = true;
        }
        tail.addLast(line);
        tailBytes += size;
        while (tailBytes > tailCap && tail.size() > 1) {
            String dropped = tail.removeFirst();
            tailBytes -= dropped.length() + 1L;
            cutLines++;
            cutBytes += dropped.length() + 1L;
        }
    }

    /** Hex SHA-256 over every line so far; equal digests mean identical runs. */
    public synchronized String digest() {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            return HexFormat.of().formatHex(copy.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }

    public synchronized long lineCount() {
        return count;
    }

    /**
     * Writes the retained lines to {@code file}: the run's beginning, then — if anything was cut — a
     * {@code truncated} line saying how many lines and bytes, then the run's end.
     */
    public synchronized void writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder out = new StringBuilder();
        for (String line : head) {
            out.append(line).append('\n');
        }
        if (cutLines > 0) {
            out.append("{\"t\":").append(timeOf(tail.peekFirst())).append(",\"ev\":\"truncated\",\"dropped\":")
                    .append(cutLines).append(",\"bytes\":").append(cutBytes).append("}\n");
        }
        for (String line : tail) {
            out.append(line).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    /** The time of a line this log wrote ({@code {"t":<ms>,...}}), so the cut mark sits in order. */
    private static long timeOf(String line) {
        int start = "{\"t\":".length();
        int end = line.indexOf(',', start);
        return Long.parseLong(line.substring(start, end));
    }

    /** Builds one JSON line directly as text: tracing runs on every event, so no DOM and no parsing. */
    private final class Line implements TraceEvent {
        private final StringBuilder json = new StringBuilder(96);

        Line(String kind) {
            json.append("{\"t\":").append(clock.getAsLong()).append(",\"ev\":");
            quote(kind);
        }

        private void key(String field) {
            json.append(',');
            quote(field);
            json.append(':');
        }

        private void quote(String text) {
            json.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }

        @Override
        public TraceEvent put(String field, String value) {
            key(field);
            quote(value);
            return this;
        }

        @Override
        public TraceEvent put(String field, long value) {
            key(field);
            json.append(value);
            return this;
        }

        @Override
        public TraceEvent put(String field, boolean value) {
            key(field);
            json.append(value);
            return this;
        }

        @Override
        public TraceEvent putJson(String field, String text) {
            key(field);
            json.append(text); // already JSON (the codec's own output)
            return this;
        }

        @Override
        public void emit() {
            append(json.append('}').toString());
        }
    }
}
