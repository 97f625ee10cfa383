// SOLUTION FILE
package raftlab.kvservice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exactly-once table: for each client, the sequence number of its latest write and the answer it
 * got. A clerk has one request outstanding at a time, so a new sequence number proves it saw the
 * previous answer, and one entry per client is enough.
 *
 * <p>The table holds at most {@code capacity} clients and forgets the least recently active one
 * beyond that. Every replica applies the same writes in the same order, so every replica forgets the
 * same client at the same point: eviction is deterministic. A forgotten client that retries a write
 * is told {@link Status#SESSION_EXPIRED} rather than risking a second application.
 */
public final class Sessions {
    static final int DEFAULT_CAPACITY = 10_000;

    /** A client's latest write: its sequence number and how it ended. */
    public record Session(long seq, Status status, long version) {
    }

    /** What to do with a write. */
    sealed interface Verdict {
        /** New: apply it. */
        record Apply() implements Verdict {
        }

        /** Already applied: answer as before. */
        record Answered(KvReply reply) implements Verdict {
        }
    }

    private static final Verdict APPLY = new Verdict.Apply();

    private final int capacity;
    // Access order: the eldest entry is the least recently active client.
    private final LinkedHashMap<Long, Session> byClient;

    Sessions(int capacity) {
        this.capacity = capacity;
        this.byClient = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Session> eldest) {
                return size() > Sessions.this.capacity;
            }
        };
    }

    /** Whether the write {@code (client, seq)} should be applied, or was already answered. */
    Verdict check(long client, long seq) {
        Session s = byClient.get(client);
        if (s == null) {
            return seq <= 1 ? APPLY : new Verdict.Answered(KvReply.of(Status.SESSION_EXPIRED));
        }
        if (seq > s.seq()) {
            return APPLY;
        }
        // The latest write retried: answer as before. An older one: its client has moved on and
        // will never read this answer; it must just not apply again.
        return new Verdict.Answered(KvReply.of(seq == s.seq() ? s.status() : Status.SESSION_EXPIRED, s.version()));
    }

    /** Remembers the answer to the write {@code (client, seq)}. */
    void record(long client, long seq, KvReply reply) {
        byClient.put(client, new Session(seq, reply.status(), reply.version()));
    }

    int size() {
        return byClient.size();
    }

    /** The table itself, least recently active client first (the order it evicts in). */
    public Map<Long, Session> entries() {
        return byClient;
    }
}
