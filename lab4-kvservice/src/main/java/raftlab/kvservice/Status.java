package raftlab.kvservice;

import raftlab.kv.KvStatus;

/** How a server answers a request (what a clerk turns into a {@link KvStatus}, or retries). */
public enum Status {
    OK, NO_KEY, VERSION, INVALID,
    /** Not the leader, or lost leadership before the request was applied: try another server. */
    WRONG_LEADER,
    /** The service no longer remembers this client's session, so it cannot tell whether a retried write applied. */
    SESSION_EXPIRED,
    /** The write would take the store past its capacity in bytes: it changed nothing. */
    FULL
}
