package raftlab.server.api;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import raftlab.kv.KvLimits;
import raftlab.kv.KvWrite;

/**
 * The body of {@code POST /kv/batch}, read strictly and in one pass:
 * {@code {"ops":[{"op":"put","key":"a","value":"1"},{"op":"cas","key":"b","value":"2","version":3},
 * {"op":"delete","key":"c"},{"op":"append","key":"d","value":"!"}]}}. Anything else — another shape,
 * an unknown or repeated field, a number where a string belongs, more than {@link KvLimits#MAX_BATCH_OPS}
 * writes, trailing text — is refused with a 400 or 413 naming where, before a write is built.
 */
public final class BatchJson {
    private BatchJson() {
    }

    /** The writes {@code body} asks for; throws {@link BadRequest} if it is not a batch. */
    public static List<KvWrite> parse(String body) {
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setLenient(false);
            expect(in, JsonToken.BEGIN_OBJECT, "the body must be a JSON object {\"ops\": [...]}");
            in.beginObject();
            List<KvWrite> ops = null;
            while (in.hasNext()) {
                String name = in.nextName();
                if (!name.equals("ops") || ops != null) {
                    throw new BadRequest(400, (ops != null && name.equals("ops") ? "\"ops\" given twice" : "unknown field '"
                            + name + "'") + " in the batch; it takes only \"ops\"");
                }
                ops = writes(in);
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest(400, "text after the batch's closing brace");
            }
            if (ops == null) {
                throw new BadRequest(400, "the batch has no \"ops\" (a list of writes)");
            }
            return ops;
        } catch (BadRequest e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) { // Gson's words for malformed JSON
            String why = String.valueOf(e.getMessage());
            int advice = why.indexOf("\nSee "); // Gson appends a link to its troubleshooting guide: not for our clients
            throw new BadRequest(400, "the body is not valid JSON: " + (advice < 0 ? why : why.substring(0, advice)));
        }
    }

    private static List<KvWrite> writes(JsonReader in) throws IOException {
        expect(in, JsonToken.BEGIN_ARRAY, "\"ops\" must be a list of writes");
        in.beginArray();
        List<KvWrite> ops = new ArrayList<>();
        while (in.hasNext()) {
            if (ops.size() == KvLimits.MAX_BATCH_OPS) {
                throw new BadRequest(413, "a batch holds at most " + KvLimits.MAX_BATCH_OPS + " writes");
            }
            ops.add(write(in, ops.size()));
        }
        in.endArray();
        return ops;
    }

    private static KvWrite write(JsonReader in, int index) throws IOException {
        String where = "write " + index + " of the batch";
        expect(in, JsonToken.BEGIN_OBJECT, where + " must be an object {\"op\": ..., \"key\": ...}");
        in.beginObject();
        String op = null;
        String key = null;
        String value = null;
        Long version = null;
        List<String> seen = new ArrayList<>();
        while (in.hasNext()) {
            String name = in.nextName();
            if (seen.contains(name)) {
                throw new BadRequest(400, where + " gives \"" + name + "\" twice");
            }
            seen.add(name);
            switch (name) {
                case "op" -> op = string(in, where, name);
                case "key" -> key = string(in, where, name);
                case "value" -> value = string(in, where, name);
                case "version" -> version = version(in, where);
                default -> throw new BadRequest(400, where + " has an unknown field '" + name
                        + "'; a write takes op, key, value and version");
            }
        }
        in.endObject();
        if (op == null) {
            throw new BadRequest(400, where + " names no \"op\" (put, append, delete or cas)");
        }
        KvWrite.Kind kind = switch (op.toLowerCase(Locale.ROOT)) {
            case "put" -> KvWrite.Kind.PUT;
            case "append" -> KvWrite.Kind.APPEND;
            case "delete" -> KvWrite.Kind.DELETE;
            case "cas" -> KvWrite.Kind.CAS;
            default -> throw new BadRequest(400, where + " has op '" + op + "'; a batch holds put, append, delete and cas");
        };
        if (kind == KvWrite.Kind.CAS && version == null) {
            throw new BadRequest(400, where + " is a cas without a \"version\" (0: only if the key is absent)");
        }
        return new KvWrite(kind, key, value, version == null ? 0 : version);
    }

    private static String string(JsonReader in, String where, String name) throws IOException {
        expect(in, JsonToken.STRING, where + ": \"" + name + "\" must be a string");
        return in.nextString();
    }

    private static long version(JsonReader in, String where) throws IOException {
        expect(in, JsonToken.NUMBER, where + ": \"version\" must be a whole number");
        String text = in.nextString();
        if (!text.matches("[0-9]{1,18}")) {
            throw new BadRequest(400, where + ": \"version\" must be a whole number from 0 up, not " + text);
        }
        return Long.parseLong(text);
    }

    private static void expect(JsonReader in, JsonToken token, String otherwise) throws IOException {
        if (in.peek() != token) {
            throw new BadRequest(400, otherwise);
        }
    }

    /** {@code writes} as a body {@link #parse} reads back. */
    public static String format(List<KvWrite> writes) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject().name("ops").beginArray();
            for (KvWrite write : writes) {
                w.beginObject().name("op").value(write.kind().name().toLowerCase(Locale.ROOT)).name("key").value(write.key());
                if (write.value() != null) {
                    w.name("value").value(write.value());
                }
                if (write.kind() == KvWrite.Kind.CAS) {
                    w.name("version").value(write.version());
                }
                w.endObject();
            }
            w.endArray().endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
