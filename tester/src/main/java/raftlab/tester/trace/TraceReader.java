package raftlab.tester.trace;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace file ({@code .jsonl}, one event per line). A line that is not a JSON object with a
 * numeric {@code t} and a string {@code ev} is refused with its line number: a viewer that silently
 * skipped lines would show a run that did not happen.
 */
public final class TraceReader {
    private TraceReader() {
    }

    public static List<TraceLine> read(Path file) throws IOException {
        List<TraceLine> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String raw;
            int number = 0;
            while ((raw = in.readLine()) != null) {
                number++;
                if (raw.isBlank()) {
                    continue;
                }
                lines.add(parse(file, number, lines.size(), raw));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no trace file " + file);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no events");
        }
        return lines;
    }

    static TraceLine parse(Path file, int number, int seq, String raw) {
        JsonElement e;
        try {
            e = JsonParser.parseString(raw);
        } catch (JsonParseException ex) {
            throw bad(file, number, "not JSON (" + ex.getMessage() + ")");
        }
        if (!e.isJsonObject()) {
            throw bad(file, number, "not a JSON object");
        }
        JsonObject o = e.getAsJsonObject();
        JsonElement t = o.get("t");
        JsonElement ev = o.get("ev");
        if (t == null || !t.isJsonPrimitive() || !t.getAsJsonPrimitive().isNumber()) {
            throw bad(file, number, "no numeric \"t\" (milliseconds)");
        }
        if (ev == null || !ev.isJsonPrimitive() || !ev.getAsJsonPrimitive().isString()) {
            throw bad(file, number, "no string \"ev\" (event kind)");
        }
        return new TraceLine(seq, t.getAsLong(), ev.getAsString(), o, raw);
    }

    private static IllegalArgumentException bad(Path file, int number, String why) {
        return new IllegalArgumentException(file + " line " + number + ": " + why + "; is this a RaftLab trace (.jsonl)?");
    }
}
