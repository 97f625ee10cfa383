package raftlab.labrpc.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * Records a run as JSON lines ({@code {"t":<ms>,"ev":<kind>,...}}). It keeps a running SHA-256 of
 * every line, so two runs can be compared event for event, and the most recent lines in memory to
 * be written out when a test fails.
 */
public final class TraceLog implements TraceSink {
    /** Lines kept in memory; older ones still count in the digest and the line count. */
    public static final int DEFAULT_CAPACITY = 400_000;

    private final LongSupplier clock;
    private final int capacity;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final MessageDigest digest;
    private long count;

    public TraceLog(LongSupplier clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    public TraceLog(LongSupplier clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
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
        lines.addLast(line);
        if (lines.size() > capacity) {
            lines.removeFirst();
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

    /** Writes the retained lines (the newest {@code capacity}) to {@code file}. */
    public synchronized void writeTo(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder out = new StringBuilder();
        if (count > lines.size()) {
            out.append("{\"t\":0,\"ev\":\"truncated\",\"dropped\":").append(count - lines.size()).append("}\n");
        }
        for (String line : lines) {
            out.append(line).append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
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
