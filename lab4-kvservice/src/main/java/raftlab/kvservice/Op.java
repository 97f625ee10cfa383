package raftlab.kvservice;

/** The key/value operations a request can carry. */
public enum Op {
    GET, PUT, APPEND, DELETE, CAS, RANGE,
    /** Several writes ({@link KvRequest#ops}) applied as one, all or nothing: lab 4's optional part. */
    BATCH,
    // BEGIN SOLUTION
    /**
     * Opens a session: applied through the log like a write, it changes no key, and its answer's
     * {@code version} is the new session's id, which no other session ever had.
     */
    OPEN_SESSION,
    // END SOLUTION
    ; // operations of your own go above, if your design needs any

    /** Reads change nothing and need no session. */
    boolean isRead() {
        return this == GET || this == RANGE;
    }

    /** Writes change keys, so a retry must not apply them twice: they go through the client's session. */
    boolean isWrite() {
        return this == PUT || this == APPEND || this == DELETE || this == CAS || this == BATCH;
    }
}
