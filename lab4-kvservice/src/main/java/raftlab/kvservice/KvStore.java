// SOLUTION FILE
package raftlab.kvservice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvEntry;
import raftlab.kv.KvLimits;
import raftlab.kv.KvStats;
import raftlab.kv.KvWrite;
import raftlab.labrpc.net.Codec;

/**
 * The key/value state machine: a sorted map of keys to (value, version), the client sessions that
 * make writes exactly-once, the last session id given, and the bytes the keys and values take
 * against the store's capacity. Pure and deterministic — it sees only the commands Raft applies —
 * so every replica holds the same state after the same log prefix.
 */
public class KvStore implements StateMachine {
    /** A present key: its value and how many writes it has seen since it was created. */
    public record Cell(String value, long version) {
    }

    /** Every present key, in key order; guarded by this store's lock. */
    protected final TreeMap<String, Cell> data = new TreeMap<>();
    /** The exactly-once table; guarded by this store's lock. */
    protected final Sessions sessions;
    /** The id the latest session got (0: none yet), so no id is ever given twice; guarded by this store's lock. */
    protected long lastSessionId;
    /** The UTF-8 bytes of every present key and value ({@link #bytesOf}); guarded by this store's lock. */
    protected long storeBytes;
    private final long quota;

    /** A store that remembers at least {@code capacity.sessions()} sessions and holds {@code capacity.storeBytes()}. */
    public KvStore(KvCapacity capacity) {
        this.sessions = new Sessions(capacity.sessions());
        this.quota = capacity.storeBytes();
    }

    /** What a key and its value count against the store's capacity. */
    protected static long bytesOf(String key, String value) {
        return KvLimits.utf8Length(key) + KvLimits.utf8Length(value);
    }

    @Override
    public synchronized Object apply(Object command) {
        KvRequest r = (KvRequest) command;
        String bad = KvValidation.problem(r);
        if (bad != null) {
            return KvReply.invalid(bad); // the server refuses these before the log; a replica must not trust that
        }
        if (r.op().isRead()) {
            return read(r);
        }
        if (r.op() == Op.OPEN_SESSION) {
            sessions.open(++lastSessionId);
            return KvReply.of(Status.OK, lastSessionId);
        }
        Sessions.Verdict v = sessions.check(r.clientId(), r.seq());
        if (v instanceof Sessions.Verdict.Answered a) {
            return a.reply();
        }
        KvReply reply = r.op() == Op.BATCH ? batch(r.ops()) : write(r);
        sessions.record(r.clientId(), r.seq(), reply);
        return reply;
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
        long bytes = 0;
        for (Map.Entry<String, Cell> e : span.entrySet()) {
            long next = bytes + bytesOf(e.getKey(), e.getValue().value());
            if (out.size() == limit || !out.isEmpty() && next > KvLimits.MAX_RANGE_BYTES) {
                more = true;
                break;
            }
            out.add(new KvEntry(e.getKey(), e.getValue().value(), e.getValue().version()));
            bytes = next;
        }
        return new KvReply(Status.OK, null, 0, out, more, null);
    }

    private KvReply write(KvRequest r) {
        Cell c = data.get(r.key());
        long version = c == null ? 0 : c.version();
        return switch (r.op()) {
            case PUT -> set(r.key(), r.value(), version);
            case APPEND -> {
                String grown = (c == null ? "" : c.value()) + r.value();
                String tooBig = KvLimits.checkValue(grown); // every replica refuses alike: it sees the same value
                yield tooBig != null ? KvReply.invalid("the append would leave a value too large: " + tooBig)
                        : set(r.key(), grown, version);
            }
            case DELETE -> {
                if (c == null) {
                    yield KvReply.of(Status.NO_KEY);
                }
                data.remove(r.key()); // a re-created key starts again at version 1
                storeBytes -= bytesOf(r.key(), c.value());
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
    }

    /**
     * Applies {@code writes} in order as one step: each as it would apply alone, against the state
     * the ones before it left. At the first that does not apply, every key the batch touched gets
     * back the cell it had, and the answer is that write's, with its index.
     */
    private KvReply batch(List<KvWrite> writes) {
        Map<String, Cell> before = new HashMap<>(); // each touched key's cell before the batch (null: absent)
        long bytesBefore = storeBytes;
        for (int i = 0; i < writes.size(); i++) {
            KvWrite w = writes.get(i);
            if (!before.containsKey(w.key())) {
                before.put(w.key(), data.get(w.key()));
            }
            Op op = Op.valueOf(w.kind().name()); // a batch's kinds are named as the single writes they are
            KvReply one = write(new KvRequest(0, 0, op, w.key(), w.value(), w.version(), null, 0));
            if (one.status() != Status.OK) {
                before.forEach((key, cell) -> {
                    if (cell == null) {
                        data.remove(key);
                    } else {
                        data.put(key, cell);
                    }
                });
                storeBytes = bytesBefore;
                return new KvReply(one.status(), null, one.version(), null, false, one.error(), i);
            }
        }
        return KvReply.of(Status.OK);
    }

    private KvReply set(String key, String value, long oldVersion) {
        Cell old = data.get(key);
        long grown = storeBytes + bytesOf(key, value) - (old == null ? 0 : bytesOf(key, old.value()));
        if (grown > quota && grown > storeBytes) { // every replica holds the same bytes: all refuse alike
            return new KvReply(Status.FULL, null, 0, null, false, "the store would hold " + grown + " bytes of keys and values;"
                    + " its capacity is " + quota + " (delete keys to make room)");
        }
        data.put(key, new Cell(value, oldVersion + 1));
        storeBytes = grown;
        return KvReply.of(Status.OK, oldVersion + 1);
    }

    /** Keys, sessions and the bytes the sessions take encoded. */
    public synchronized KvStats stats() {
        long sessionBytes = Codec.byteLength(Codec.encode(sessions.entries()));
        return new KvStats(data.size(), sessions.size(), sessionBytes);
    }
}
