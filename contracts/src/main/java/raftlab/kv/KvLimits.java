package raftlab.kv;

/**
 * What a request may carry. A request outside these limits is refused with
 * {@link KvStatus#INVALID} before it reaches the log, so it changes nothing anywhere.
 */
public final class KvLimits {
    /** Longest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /**
     * Largest value, in UTF-8 bytes, however it is built: a put's value, an appended suffix, and the
     * value an append leaves (an append that would grow a value past it is refused, and changes nothing).
     */
    public static final int MAX_VALUE_BYTES = 1 << 20;
    /** Most keys one range read returns. */
    public static final int MAX_RANGE_LIMIT = 10_000;
    /**
     * Most bytes of keys and values one range answer carries: it stops before the key whose key and
     * value ({@link #utf8Length} of each) would take the answer past this, but always holds at least
     * one key, and says {@code more}. Without it one read of 10,000 keys of 1 MiB would be 10 GB.
     */
    public static final int MAX_RANGE_BYTES = 4 << 20;

    /** Most writes one batch holds (etcd's default for a transaction is 128 too). */
    public static final int MAX_BATCH_OPS = 128;
    /**
     * Most bytes of keys and values (UTF-8) one batch carries, all its writes together: a batch takes
     * effect in one step, and one step must not stall everything behind it for long.
     */
    public static final int MAX_BATCH_BYTES = 2 << 20;

    private KvLimits() {
    }

    /** Why {@code key} is unacceptable, or null if it is fine. */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            return "key must not be empty";
        }
        long bytes = utf8Length(key);
        return bytes > MAX_KEY_BYTES ? "key is " + bytes + " bytes; the limit is " + MAX_KEY_BYTES : null;
    }

    /** Why {@code value} is unacceptable, or null if it is fine. */
    public static String checkValue(String value) {
        if (value == null) {
            return "value must not be null";
        }
        long bytes = utf8Length(value);
        return bytes > MAX_VALUE_BYTES ? "value is " + bytes + " bytes; the limit is " + MAX_VALUE_BYTES : null;
    }

    /** Why {@code writes} cannot be a batch (empty, too many, too large, or a bad write, named by index), or null. */
    public static String checkBatch(java.util.List<KvWrite> writes) {
        if (writes == null || writes.isEmpty()) {
            return "a batch needs at least one write";
        }
        if (writes.size() > MAX_BATCH_OPS) {
            return "a batch of " + writes.size() + " writes; the limit is " + MAX_BATCH_OPS;
        }
        long bytes = 0;
        for (int i = 0; i < writes.size(); i++) {
            KvWrite w = writes.get(i);
            String bad = w == null ? "it is missing" : w.problem();
            if (bad != null) {
                return "write " + i + " of the batch: " + bad;
            }
            bytes += w.bytes();
        }
        return bytes > MAX_BATCH_BYTES ? "a batch of " + bytes + " bytes of keys and values; the limit is " + MAX_BATCH_BYTES : null;
    }

    /** The bytes {@code s} takes in UTF-8 (an unpaired surrogate counts as the 1 byte of its replacement '?'). */
    public static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** The first key after every key that starts with {@code prefix} (null: no such bound). */
    public static String prefixEnd(String prefix) {
        for (int i = prefix.length() - 1; i >= 0; i--) {
            char c = prefix.charAt(i);
            if (c != Character.MAX_VALUE) {
                return prefix.substring(0, i) + (char) (c + 1);
            }
        }
        return null;
    }
}
