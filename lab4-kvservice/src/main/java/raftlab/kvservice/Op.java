package raftlab.kvservice;

/** The key/value operations a request can carry. */
public enum Op {
    GET, PUT, APPEND, DELETE, CAS, RANGE;

    /** Writes change state, so a retry must not apply them twice: they go through the client's session. */
    boolean isWrite() {
        return this != GET && this != RANGE;
    }
}
