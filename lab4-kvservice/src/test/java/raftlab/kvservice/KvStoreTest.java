package raftlab.kvservice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvStats;

/** The reference state machine in isolation (instructor-only: the student edition leaves it out). */
class KvStoreTest {
    private static KvRequest write(long client, long seq, Op op, String key, String value) {
        return new KvRequest(client, seq, op, key, value, 0, null, 0);
    }

    /** A store that remembers {@code sessions} sessions and holds the default bytes. */
    private static KvStore store(int sessions) {
        return new KvStore(new KvCapacity(sessions, KvCapacity.DEFAULT.storeBytes()));
    }

    private static KvReply apply(KvStore s, KvRequest r) {
        return (KvReply) s.apply(r);
    }

    /** Opens a session the way a clerk does, through the state machine; returns its id. */
    private static long open(KvStore s) {
        KvReply r = apply(s, new KvRequest(0, 0, Op.OPEN_SESSION, null, null, 0, null, 0));
        assertEquals(Status.OK, r.status());
        return r.version();
    }

    @Test
    void aRetriedWriteIsAnsweredFromTheTableNotAppliedAgain() {
        KvStore s = store(10);
        long c = open(s);
        apply(s, write(c, 1, Op.APPEND, "k", "a"));
        apply(s, write(c, 2, Op.APPEND, "k", "b"));
        apply(s, write(c, 2, Op.APPEND, "k", "b")); // the retry
        assertEquals("ab", apply(s, KvRequest.read(Op.GET, "k", null, 0)).value());
        assertEquals(Status.SESSION_EXPIRED, apply(s, write(c, 1, Op.APPEND, "k", "a")).status(),
                "an older write of a client that moved on never applies again");
    }

    @Test
    void sessionsGetIdsNeverUsedBeforeAndAnUnknownIdIsNeverNew() {
        KvStore s = store(1);
        long first = open(s);
        apply(s, write(first, 1, Op.APPEND, "k", "a"));
        long second = open(s); // the first session is forgotten (capacity 1)
        assertEquals(first + 1, second);
        assertEquals(Status.SESSION_EXPIRED, apply(s, write(first, 1, Op.APPEND, "k", "a")).status(),
                "a forgotten session's retried first write must not look like a new client's");
        assertEquals(Status.SESSION_EXPIRED, apply(s, write(99, 1, Op.APPEND, "k", "z")).status(),
                "an id no session was given is not a session");
        assertEquals("a", apply(s, KvRequest.read(Op.GET, "k", null, 0)).value());
        assertEquals(Status.INVALID, apply(s, new KvRequest(5, 0, Op.OPEN_SESSION, null, null, 0, null, 0)).status(),
                "a session is opened by a request without one");
    }

    @Test
    void evictionIsTheSameOnEveryReplicaAndAForgottenClientIsToldSo() {
        KvStore a = store(3);
        KvStore b = store(3);
        List<KvRequest> log = new ArrayList<>();
        for (long c = 1; c <= 5; c++) {
            log.add(new KvRequest(0, 0, Op.OPEN_SESSION, null, null, 0, null, 0)); // session c
            log.add(write(c, 1, Op.PUT, "k" + c, "v"));
            log.add(write(1, c, Op.PUT, "hot", "v" + c)); // session 1 stays active
        }
        for (KvRequest r : log) {
            assertEquals(apply(a, r), apply(b, r));
        }
        assertEquals(a.stats(), b.stats());
        assertEquals(3, a.stats().sessions());
        // session 2 was least recently active and forgotten: its retry is told so, never applied
        assertEquals(Status.SESSION_EXPIRED, apply(a, write(2, 2, Op.PUT, "k2", "again")).status());
        assertEquals(Status.OK, apply(a, write(1, 6, Op.PUT, "hot", "v6")).status());
    }

    @Test
    void readsCostNoSessionAndMalformedRequestsChangeNothing() {
        KvStore s = store(10);
        apply(s, KvRequest.read(Op.GET, "k", null, 0));
        apply(s, KvRequest.read(Op.RANGE, "", null, 0));
        assertEquals(Status.INVALID, apply(s, write(3, 1, Op.PUT, "", "v")).status());
        assertEquals(Status.INVALID, apply(s, write(3, 0, Op.PUT, "k", "v")).status(), "a write without a sequence number");
        assertEquals(new KvStats(0, 0, 2), s.stats()); // "{}"
    }

    @Test
    void versionsCountWritesAndDeleteStartsAgain() {
        KvStore s = store(10);
        assertEquals(1, open(s));
        assertEquals(Status.NO_KEY, apply(s, new KvRequest(1, 1, Op.CAS, "k", "a", 1, null, 0)).status());
        assertEquals(Status.OK, apply(s, new KvRequest(1, 2, Op.CAS, "k", "a", 0, null, 0)).status());
        assertEquals(Status.VERSION, apply(s, new KvRequest(1, 3, Op.CAS, "k", "b", 0, null, 0)).status());
        assertEquals(2, apply(s, write(1, 4, Op.APPEND, "k", "b")).version());
        assertEquals(Status.OK, apply(s, write(1, 5, Op.DELETE, "k", null)).status());
        assertEquals(Status.NO_KEY, apply(s, write(1, 6, Op.DELETE, "k", null)).status());
        assertEquals(1, apply(s, write(1, 7, Op.PUT, "k", "c")).version());
    }
}
