package raftlab.labrpc.net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes every RPC argument, reply and persisted value as JSON (Gson). Encoding then decoding is
 * how labrpc deep-copies messages, so peers never share objects, and the encoded length is what the
 * network counts as bytes. Like labgob, it warns once per type about state that would not survive
 * the trip: transient fields, fields declared as {@code Object} or an interface, inner classes.
 */
public final class Codec {
    private static final Map<String, Class<?>> REGISTERED = new ConcurrentHashMap<>();
    private static final Map<Class<?>, String> NAMES = new ConcurrentHashMap<>();
    private static final Map<Type, Boolean> CHECKED = new ConcurrentHashMap<>();
    private static final List<String> WARNINGS = new ArrayList<>();
    private static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Opaque.class, new OpaqueAdapter())
            .disableHtmlEscaping()
            .serializeSpecialFloatingPointValues()
            .create();

    static {
        for (Class<?> c : List.of(String.class, Integer.class, Long.class, Short.class, Byte.class,
                Boolean.class, Double.class, Float.class, Character.class, byte[].class)) {
            register(c.getSimpleName(), c);
        }
    }

    private Codec() {
    }

    /** Allows values of {@code type} inside {@link Opaque} (labgob's Register). */
    public static void register(Class<?> type) {
        register(type.getName(), type);
    }

    private static void register(String name, Class<?> type) {
        Class<?> previous = REGISTERED.putIfAbsent(name, type);
        if (previous != null && previous != type) {
            throw new IllegalArgumentException("two types registered as " + name);
        }
        NAMES.putIfAbsent(type, name);
        checkType(type);
    }

    static void requireRegistered(Class<?> type) {
        if (!NAMES.containsKey(type)) {
            throw new IllegalArgumentException("type " + type.getName()
                    + " is not registered for RPC/persistence; call Codec.register(" + type.getSimpleName()
                    + ".class) once at startup (like labgob.Register)");
        }
    }

    public static String encode(Object value) {
        if (value != null) {
            checkType(value.getClass());
        }
        return GSON.toJson(value);
    }

    public static <T> T decode(String json, Type type) {
        checkType(type);
        return GSON.fromJson(json, type);
    }

    public static <T> T decode(byte[] json, Type type) {
        return decode(new String(json, StandardCharsets.UTF_8), type);
    }

    public static byte[] encodeBytes(Object value) {
        return encode(value).getBytes(StandardCharsets.UTF_8);
    }

    /** A deep copy through the wire format. */
    public static <T> T copy(T value, Type type) {
        return decode(encode(value), type);
    }

    /** UTF-8 length of a JSON text: the number of bytes it occupies on the wire. */
    public static int byteLength(String json) {
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Every warning printed so far (for tests of the codec itself). */
    public static synchronized List<String> warnings() {
        return List.copyOf(WARNINGS);
    }

    static synchronized void warn(String message) {
        if (!WARNINGS.contains(message)) {
            WARNINGS.add(message);
            System.err.println("labrpc warning: " + message);
        }
    }

    private static void checkType(Type type) {
        if (CHECKED.putIfAbsent(type, Boolean.TRUE) == null) {
            new TypeChecker(Codec::warn).check(type);
        }
    }

    /** Writes an {@link Opaque} as {@code ["Type", value]} and reads it back through the registry. */
    /** {@code opaque} as the JSON pair {@code [type, value]} (its cache, {@link Opaque#json}, keeps it). */
    static String encodePair(Opaque opaque) {
        Object v = opaque.value();
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonWriter out = GSON.newJsonWriter(text)) {
            out.beginArray();
            out.value(NAMES.get(v.getClass()));
            GSON.toJson(v, v.getClass(), out);
            out.endArray();
        } catch (IOException e) {
            throw new IllegalStateException("encoding " + v.getClass().getName() + " to a string failed", e);
        }
        return text.toString();
    }

    private static final class OpaqueAdapter extends TypeAdapter<Opaque> {
        @Override
        public void write(JsonWriter out, Opaque opaque) throws IOException {
            if (opaque == null) {
                out.nullValue();
                return;
            }
            out.jsonValue(opaque.json());
        }

        @Override
        public Opaque read(JsonReader in) throws IOException {
            if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            in.beginArray();
            String name = in.nextString();
            Class<?> type = REGISTERED.get(name);
            if (type == null) {
                throw new JsonParseException("unregistered opaque type '" + name + "'");
            }
            Object v = GSON.fromJson(in, type);
            in.endArray();
            return Opaque.of(v);
        }
    }
}
