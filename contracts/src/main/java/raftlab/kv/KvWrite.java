package raftlab.kv;

/**
 * One write of a batch ({@link KvClerk#batch}): a put, an append, a delete, or a versioned put
 * (compare-and-set; {@code version} 0 means "only if absent"). Inside a batch each one must apply as
 * it would alone — a delete needs a present key, a versioned put its version — or the batch fails whole.
 */
public record KvWrite(Kind kind, String key, String value, long version) {
    /** What a write does. */
    public enum Kind {
        PUT, APPEND, DELETE, CAS
    }

    public static KvWrite put(String key, String value) {
        return new KvWrite(Kind.PUT, key, value, 0);
    }

    public static KvWrite append(String key, String value) {
        return new KvWrite(Kind.APPEND, key, value, 0);
    }

    public static KvWrite delete(String key) {
        return new KvWrite(Kind.DELETE, key, null, 0);
    }

    public static KvWrite putIfVersion(String key, String value, long version) {
        return new KvWrite(Kind.CAS, key, value, version);
    }

    /** Why this write cannot be part of any batch (no kind, a bad key or value, a negative version), or null. */
    public String problem() {
        if (kind == null) {
            return "it names no operation (put, append, delete or cas)";
        }
        String bad = KvLimits.checkKey(key);
        if (bad == null && kind != Kind.DELETE) {
            bad = KvLimits.checkValue(value);
        }
        if (bad == null && kind == Kind.DELETE && value != null) {
            bad = "a delete carries no value";
        }
        if (bad == null && version != 0 && kind != Kind.CAS) {
            bad = "only a cas carries a version";
        }
        return bad == null && version < 0 ? "version must not be negative" : bad;
    }

    /** The UTF-8 bytes of its key and value, what it counts against {@link KvLimits#MAX_BATCH_BYTES}. */
    public long bytes() {
        return (key == null ? 0 : KvLimits.utf8Length(key)) + (value == null ? 0 : KvLimits.utf8Length(value));
    }
}
