package raftlab.tester.trace;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One line of a trace file: its position ({@code seq}, from 0), time in milliseconds, kind
 * ({@code ev}), the parsed object and the line as written.
 */
public record TraceLine(int seq, long t, String ev, JsonObject json, String raw) {

    /** A string field, or null. */
    public String str(String field) {
        JsonElement e = json.get(field);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    /** A number field, or {@code otherwise}. */
    public long num(String field, long otherwise) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : otherwise;
    }

    public boolean bool(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    /** A nested object field (an RPC's args or reply), or null. */
    public JsonObject obj(String field) {
        JsonElement e = json.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }
}
