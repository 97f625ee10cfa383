package raftlab.labrpc.net;

import java.util.Objects;

/**
 * A value of any registered type that travels through RPCs and storage intact: Raft log commands,
 * for instance, which Raft stores without knowing their type. On the wire it is the pair
 * {@code [type, value]}; only types known to {@link Codec} (the JDK's boxed scalars and strings,
 * plus whatever was {@link Codec#register registered}) can be decoded, so nobody can make a node
 * instantiate an arbitrary class.
 */
public final class Opaque {
    private final Object value;
    /**
     * Its encoding, made once: a log entry's command is encoded for the log on disk and again for
     * every AppendEntries that carries it, and the value (a record, a string) does not change. Only
     * small encodings are kept: a big value costs its bytes again whatever is cached, and keeping its
     * JSON would double what the log holds in memory.
     */
    private String json;
    /** The longest encoding kept, in chars. */
    static final int CACHE_LIMIT = 16 * 1024;

    private Opaque(Object value) {
        this.value = value;
    }

    public static Opaque of(Object value) {
        Objects.requireNonNull(value, "a command or opaque value cannot be null");
        Codec.requireRegistered(value.getClass());
        return new Opaque(value);
    }

    public Object value() {
        return value;
    }

    /** The pair {@code [type, value]} as JSON, encoded on first use. */
    String json() {
        String j = json;
        if (j == null) {
            j = Codec.encodePair(this);
            if (j.length() <= CACHE_LIMIT) {
                json = j; // a race encodes twice, to the same immutable string
            }
        }
        return j;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Opaque other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
