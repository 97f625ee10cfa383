package raftlab.kv;

/** How a key/value operation ended, as a clerk reports it. */
public enum KvStatus {
    /** Done; for a get, the value and version are in the result. */
    OK("OK"),
    /** The key is absent: a get or delete of a missing key, or a versioned put with a non-zero version. */
    NO_KEY("ErrNoKey"),
    /** A versioned put whose version did not match: it definitely did not apply. */
    VERSION("ErrVersion"),
    /**
     * A write that may or may not have applied (6.5840's ErrMaybe): the clerk lost track of it —
     * with sessions, only when the service had forgotten the clerk's session.
     */
    MAYBE("ErrMaybe"),
    /** The request itself is bad (empty or oversized key, oversized value): nothing changed. */
    INVALID("ErrInvalid"),
    /** The write would take the store past {@link KvCapacity#storeBytes()}: nothing changed. */
    FULL("ErrFull");

    private final String wireName;

    KvStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name histories and the linearizability model use ({@code OK}, {@code ErrNoKey}, ...). */
    public String wireName() {
        return wireName;
    }
}
