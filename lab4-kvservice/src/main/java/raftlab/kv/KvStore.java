package raftlab.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import raftlab.labrpc.kv.KvEntry;
import raftlab.labrpc.kv.KvLimits;
import raftlab.labrpc.kv.KvStats;
import raftlab.labrpc.net.Codec;

/**
 * The key/value state machine: a sorted map of keys to (value, version) plus the client sessions
 * that make writes exactly-once. Pure and deterministic — it sees only the commands Raft applies —
 * so every replica holds the same state after the same log prefix.
 */
public final class KvStore implements StateMachine {
    /** A present key: its value and how many writes it has seen since it was created. */
    record Cell(String value, long version) {
    }

    private final TreeMap<String, Cell> data = new TreeMap<>();
    private final Sessions sessions;

    public KvStore() {
        this(Sessions.DEFAULT_CAPACITY);
    }

    KvStore(int sessionCapacity) {
        this.sessions = new Sessions(sessionCapacity);
    }

    @Override
    public synchronized Object apply(Object command) {
        KvRequest r = (KvRequest) command;
        String bad = KvValidation.problem(r);
        if (bad != null) {
            return KvReply.invalid(bad); // the server refuses these before the log; a replica must not trust that
        }
        if (!r.op().isWrite()) {
            return read(r);
        }
        // BEGIN SOLUTION
        Sessions.Verdict v = sessions.check(r.clientId(), r.seq());
        if (v instanceof Sessions.Verdict.Answered a) {
            return a.reply();
        }
        KvReply reply = write(r);
        sessions.record(r.clientId(), r.seq(), reply);
        return reply;
        // ELSE STUB
        // // TODO lab 4: apply each write exactly once, however often its client retries it
        // return write(r);
        // END SOLUTION
    }

    private KvReply read(KvRequest r) {
        if (r.op() == Op.RANGE) {
            return range(r);
        }
        Cell c = data.get(r.key());
        return c == null ? KvReply.of(Status.NO_KEY) : new KvReply(Status.OK, c.value(), c.version(), null, false, null);
    }

    private KvReply range(KvRequest r) {
        SortedMap<String, Cell> span = r.end() == null ? data.tailMap(r.key()) : data.subMap(r.key(), r.end());
        int limit = r.limit() <= 0 ? KvLimits.MAX_RANGE_LIMIT : r.limit();
        List<KvEntry> out = new ArrayList<>();
        boolean more = false;
        for (Map.Entry<String, Cell> e : span.entrySet()) {
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(new KvEntry(e.getKey(), e.getValue().value(), e.getValue().version()));
        }
        return new KvReply(Status.OK, null, 0, out, more, null);
    }

    private KvReply write(KvRequest r) {
        // BEGIN SOLUTION
        Cell c = data.get(r.key());
        long version = c == null ? 0 : c.version();
        return switch (r.op()) {
            case PUT -> set(r.key(), r.value(), version);
            case APPEND -> set(r.key(), (c == null ? "" : c.value()) + r.value(), version);
            case DELETE -> {
                if (c == null) {
                    yield KvReply.of(Status.NO_KEY);
                }
                data.remove(r.key()); // a re-created key starts again at version 1
                yield KvReply.of(Status.OK);
            }
            case CAS -> {
                if (r.version() != version) {
                    yield KvReply.of(c == null ? Status.NO_KEY : Status.VERSION, version);
                }
                yield set(r.key(), r.value(), version);
            }
            default -> throw new IllegalArgumentException("not a write: " + r.op());
        };
        // ELSE STUB
        // // TODO lab 4: put, append, delete and the versioned put (compare-and-set)
        // throw new UnsupportedOperationException("lab 4: " + r.op());
        // END SOLUTION
    }

    private KvReply set(String key, String value, long oldVersion) {
        data.put(key, new Cell(value, oldVersion + 1));
        return KvReply.of(Status.OK, oldVersion + 1);
    }

    /**
     * Everything a snapshot must hold (lab 5): every key with its value and version, in key order, and
     * the sessions in eviction order (least recently active first), so a restored replica evicts
     * exactly as the others do.
     */
    public record State(List<Entry> keys, List<Client> sessions) {
        /** One key. */
        public record Entry(String key, String value, long version) {
        }

        /** One client's session: its latest write and how it ended. */
        public record Client(long id, long seq, Status status, long version) {
        }
    }

    public synchronized State exportState() {
        List<State.Entry> keys = new ArrayList<>(data.size());
        data.forEach((k, c) -> keys.add(new State.Entry(k, c.value(), c.version())));
        List<State.Client> clients = new ArrayList<>(sessions.size());
        sessions.entries().forEach((id, s) -> clients.add(new State.Client(id, s.seq(), s.status(), s.version())));
        return new State(keys, clients);
    }

    /** Replaces the whole state with {@code state} (a snapshot's). */
    public synchronized void importState(State state) {
        data.clear();
        for (State.Entry e : state.keys()) {
            data.put(e.key(), new Cell(e.value(), e.version()));
        }
        sessions.replaceWith(state.sessions());
    }

    /** Keys, sessions and the bytes the sessions take encoded. */
    public synchronized KvStats stats() {
        long sessionBytes = Codec.byteLength(Codec.encode(sessions.entries()));
        return new KvStats(data.size(), sessions.size(), sessionBytes);
    }
}
