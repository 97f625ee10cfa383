// SOLUTION FILE
package raftlab.kvservice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exactly-once table: for each open session, the sequence number of its latest write and the
 * answer it got. A clerk has one request outstanding at a time, so a new sequence number proves it
 * saw the previous answer, and one entry per session is enough.
 *
 * <p>A session is opened through the log ({@link Op#OPEN_SESSION}) and gets an id no session had
 * before, so a write from an id the table does not hold is from a forgotten session, never from a
 * new client: it is told {@link Status#SESSION_EXPIRED} rather than risking a second application.
 * (Were clients to pick their own ids, a forgotten client retrying its first write would look new.)
 *
 * <p>The table holds at most {@code capacity} sessions and forgets the least recently active one
 * beyond that. Every replica applies the same commands in the same order, so every replica forgets
 * the same session at the same point: eviction is deterministic.
 */
public final class Sessions {
    /**
     * A session's latest write: its sequence number (0 before the first) and how it ended — for a
     * batch that failed, also the index of the write that stopped it (else null).
     */
    public record Session(long seq, Status status, long version, Integer failed) {
        public Session(long seq, Status status, long version) {
            this(seq, status, version, null);
        }
    }

    /** What to do with a write. */
    sealed interface Verdict {
        /** New: apply it. */
        record Apply() implements Verdict {
        }

        /** Already applied, or its session is forgotten: answer this. */
        record Answered(KvReply reply) implements Verdict {
        }
    }

    private static final Verdict APPLY = new Verdict.Apply();
    private static final Verdict EXPIRED = new Verdict.Answered(KvReply.of(Status.SESSION_EXPIRED));

    private final int capacity;
    // Access order: the eldest entry is the least recently active session.
    private final LinkedHashMap<Long, Session> byId;

    Sessions(int capacity) {
        this.capacity = capacity;
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Session> eldest) {
                return size() > Sessions.this.capacity;
            }
        };
    }

    /** Opens session {@code id}, which must be one no session had before. */
    void open(long id) {
        byId.put(id, new Session(0, Status.OK, 0));
    }

    /** Whether the write {@code (session, seq)} should be applied, or was already answered. */
    Verdict check(long session, long seq) {
        Session s = byId.get(session);
        if (s == null) {
            return EXPIRED;
        }
        if (seq > s.seq()) {
            return APPLY;
        }
        // The latest write retried: answer as before. An older one: its client has moved on and
        // will never read this answer; it must just not apply again.
        return new Verdict.Answered(seq == s.seq()
                ? new KvReply(s.status(), null, s.version(), null, false, null, s.failed())
                : KvReply.of(Status.SESSION_EXPIRED, s.version()));
    }

    /** Remembers the answer to the write {@code (session, seq)}. */
    void record(long session, long seq, KvReply reply) {
        byId.put(session, new Session(seq, reply.status(), reply.version(), reply.failed()));
    }

    int size() {
        return byId.size();
    }

    /** The table itself, least recently active session first (the order it evicts in). */
    public Map<Long, Session> entries() {
        return byId;
    }
}
