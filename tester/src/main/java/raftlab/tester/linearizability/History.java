package raftlab.tester.linearizability;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON history format (docs/linearizability.md):
 * <pre>
 * {"model": "kv",
 *  "operations": [
 *    {"client": 1, "call": 100, "return": 130, "input": {"op": "put", "key": "x", "value": "1"}, "output": {"err": "OK"}},
 *    {"client": 2, "call": 110, "return": null, "input": {"op": "get", "key": "x"}}   // pending: may or may not have happened
 *  ]}
 * </pre>
 * Times are integers in any unit (both ends inclusive); the model is {@code kv} or {@code register}.
 */
public final class History {
    private static final Gson GSON = new Gson();

    /** A named model with the record types its inputs and outputs decode into. */
    public record Spec(String name, Model<?> model, Class<?> inputType, Class<?> outputType) {
        public static Spec byName(String name) {
            return switch (name) {
                case "kv" -> new Spec("kv", new KvModel(), KvModel.Input.class, KvModel.Output.class);
                case "register" -> new Spec("register", new RegisterModel(), RegisterModel.Input.class, RegisterModel.Output.class);
                default -> throw new IllegalArgumentException("unknown model '" + name + "': use kv or register");
            };
        }
    }

    public record Loaded(Spec spec, List<Operation> operations) {
    }

    private History() {
    }

    /** Reads a history file; {@code model} overrides the file's own model name if not null. */
    public static Loaded read(Path file, String model) throws IOException {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + " is not a JSON history object: " + e.getMessage(), e);
        }
        String name = model != null ? model : root.has("model") ? root.get("model").getAsString() : null;
        if (name == null) {
            throw new IllegalArgumentException(file + " names no model; add \"model\" or pass --model kv|register");
        }
        Spec spec = Spec.byName(name);
        JsonArray ops = root.getAsJsonArray("operations");
        if (ops == null) {
            throw new IllegalArgumentException(file + " has no \"operations\" array");
        }
        List<Operation> out = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            out.add(operation(ops.get(k), spec, file + " operation " + k + " (counting from 0)"));
        }
        return new Loaded(spec, out);
    }

    private static Operation operation(JsonElement e, Spec spec, String where) {
        try {
            JsonObject o = e.getAsJsonObject();
            for (String field : new String[] {"client", "call", "input"}) {
                if (o.get(field) == null || o.get(field).isJsonNull()) {
                    throw new IllegalArgumentException("missing \"" + field + "\"");
                }
            }
            int client = o.get("client").getAsInt();
            long call = o.get("call").getAsLong();
            JsonElement ret = o.get("return");
            long returned = ret == null || ret.isJsonNull() ? Operation.PENDING : ret.getAsLong();
            Object input = GSON.fromJson(o.get("input"), spec.inputType());
            if (input == null) {
                throw new IllegalArgumentException("missing input");
            }
            JsonElement output = o.get("output");
            Object out = returned == Operation.PENDING || output == null || output.isJsonNull()
                    ? null : GSON.fromJson(output, spec.outputType());
            String problem = spec.model().problem(input, out);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return new Operation(client, call, returned, input, out);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
        }
    }

    /** Writes a history in the same format. */
    public static void write(Path file, String model, List<Operation> ops) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("model", model);
        JsonArray arr = new JsonArray();
        for (Operation op : ops) {
            JsonObject o = new JsonObject();
            o.addProperty("client", op.client());
            o.addProperty("call", op.call());
            if (op.pending()) {
                o.add("return", com.google.gson.JsonNull.INSTANCE);
            } else {
                o.addProperty("return", op.ret());
            }
            o.add("input", GSON.toJsonTree(op.input()));
            if (op.output() != null) {
                o.add("output", GSON.toJsonTree(op.output()));
            }
            arr.add(o);
        }
        root.add("operations", arr);
        Files.writeString(file, new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root), StandardCharsets.UTF_8);
    }
}
