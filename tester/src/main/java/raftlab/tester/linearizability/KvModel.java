package raftlab.tester.linearizability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import raftlab.kv.KvWrite;
import raftlab.kv.KvLimits;

/**
 * The key/value store's sequential specification. A key holds a value and a version; every write
 * that takes effect bumps the version, and deleting a key forgets it (a re-created key starts again
 * at version 1, as in etcd).
 * <ul>
 *   <li>{@code get}: {@code OK} with the value (and, if reported, the version), or {@code ErrNoKey} if absent;</li>
 *   <li>{@code put}, {@code append}: {@code OK};</li>
 *   <li>{@code delete}: {@code OK} if present, {@code ErrNoKey} if absent;</li>
 *   <li>{@code cas} (versioned put, 6.5840 2025): applies iff the key's version equals the expected one
 *       (an absent key has version 0) — {@code OK}; else {@code ErrNoKey} for an absent key,
 *       {@code ErrVersion} for a present one; {@code ErrMaybe} (a retried attempt) is legal both ways;</li>
 *   <li>{@code range}: keys in {@code [key, end)} ({@code end} null: unbounded), in order, at most
 *       {@code limit} of them (0: no limit) and at most {@link KvLimits#MAX_RANGE_BYTES} of keys and
 *       values in UTF-8 (but at least one key), each with value and version.</li>
 *   <li>{@code batch}: its {@code ops} (puts, appends, deletes and versioned puts) as one atomic step,
 *       all or nothing: {@code OK} if every one, applied in order, applies as it would alone (a delete
 *       needs a present key, a versioned put a matching version); otherwise nothing changes and the
 *       answer is the error of the first that would not ({@code ErrNoKey} or {@code ErrVersion}, and
 *       its index as {@code failed} if reported).</li>
 * </ul>
 * Any operation answered {@code ErrInvalid} (refused as malformed) or {@code ErrFull} (refused: the store
 * was at its capacity) changed nothing; a write answered
 * {@code ErrMaybe} may or may not have applied.
 * A pending operation (no output) took effect as the state allows, or not at all.
 *
 * <p>Histories split per key; a range read ties together the keys it covers, and a batch the keys
 * it writes, so those are checked as one part.
 */
public final class KvModel implements Model<KvModel.Store> {

    /** What a client asked: {@code op} is get, put, append, delete, cas, range or batch (of {@code ops}). */
    public record Input(String op, String key, String value, Long version, String end, Integer limit, List<Input> ops) {
        public Input(String op, String key, String value, Long version) {
            this(op, key, value, version, null, null, null);
        }

        public Input(String op, String key, String value, Long version, String end, Integer limit) {
            this(op, key, value, version, end, limit, null);
        }

        static Input range(String start, String end, int limit) {
            return new Input("range", start, null, null, end, limit);
        }

        /** Writes applied as one, all or nothing. */
        public static Input batch(List<Input> ops) {
            return new Input("batch", null, null, null, null, null, List.copyOf(ops));
        }

        /** A batch of the clerks' writes, as the model names them. */
        public static Input batchOf(List<KvWrite> writes) {
            return batch(writes.stream().map(Input::of).toList());
        }

        private static Input of(KvWrite w) {
            return switch (w.kind()) {
                case PUT -> new Input("put", w.key(), w.value(), null);
                case APPEND -> new Input("append", w.key(), w.value(), null);
                case DELETE -> new Input("delete", w.key(), null, null);
                case CAS -> new Input("cas", w.key(), w.value(), w.version());
            };
        }
    }

    /**
     * What it got back. {@code version} may be null when the store does not report one; {@code failed}
     * is the index of the operation that made a batch fail, if the store reports it.
     */
    public record Output(String value, Long version, String err, List<Entry> entries, Integer failed) {
        public Output(String value, Long version, String err) {
            this(value, version, err, null, null);
        }

        public Output(String value, Long version, String err, List<Entry> entries) {
            this(value, version, err, entries, null);
        }
    }

    /** One key in a range read's answer. */
    public record Entry(String key, String value, long version) {
    }

    /** A present key's value and version. */
    public record Cell(String value, long version) {
    }

    /** The state of the keys one part of the history touches; absent keys are not in it. */
    public record Store(SortedMap<String, Cell> cells) {
        static final Store EMPTY = new Store(Collections.emptySortedMap());

        Cell get(String key) {
            return cells.get(key);
        }

        long version(String key) {
            Cell c = cells.get(key);
            return c == null ? 0 : c.version();
        }

        Store with(String key, Cell cell) {
            TreeMap<String, Cell> next = new TreeMap<>(cells);
            if (cell == null) {
                next.remove(key);
            } else {
                next.put(key, cell);
            }
            return new Store(Collections.unmodifiableSortedMap(next));
        }
    }

    @Override
    public Store init() {
        return Store.EMPTY;
    }

    @Override
    public Store step(Store s, Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        if (o != null && ("ErrInvalid".equals(o.err()) || "ErrFull".equals(o.err()))) {
            return s; // refused as malformed, or because the store was full: it changed nothing
        }
        if (i.op().equals("batch")) {
            return batch(s, i, o);
        }
        if (o != null && "ErrMaybe".equals(o.err()) && !i.op().equals("cas")) {
            o = new Output(null, null, "OK"); // if it had an effect, it was this one (see mayHaveNoEffect)
        }
        if (o == null) { // a pending operation: whatever it returned, its effect is what the state allows
            return switch (i.op()) {
                case "get", "range" -> s;
                case "delete" -> s.with(i.key(), null);
                case "cas" -> cas(s, i, "ErrMaybe");
                default -> step(s, in, new Output(null, null, "OK"));
            };
        }
        String err = o.err() == null ? "OK" : o.err();
        Cell cell = s.get(i.key());
        return switch (i.op()) {
            case "get" -> {
                if (err.equals("ErrNoKey")) {
                    yield cell == null ? s : null;
                }
                boolean same = err.equals("OK") && cell != null && cell.value().equals(o.value())
                        && (o.version() == null || o.version() == cell.version());
                yield same ? s : null;
            }
            case "put" -> err.equals("OK") ? s.with(i.key(), new Cell(i.value(), s.version(i.key()) + 1)) : null;
            case "append" -> err.equals("OK")
                    ? s.with(i.key(), new Cell((cell == null ? "" : cell.value()) + i.value(), s.version(i.key()) + 1)) : null;
            case "delete" -> {
                if (err.equals("ErrNoKey")) {
                    yield cell == null ? s : null;
                }
                yield err.equals("OK") && cell != null ? s.with(i.key(), null) : null;
            }
            case "cas" -> cas(s, i, err);
            case "range" -> err.equals("OK") && rangeOf(s, i).equals(o.entries() == null ? List.of() : o.entries()) ? s : null;
            default -> throw new IllegalArgumentException("unknown kv operation '" + i.op() + "'");
        };
    }

    /**
     * A batch: every operation applied in order if each applies as it would alone, else none. A
     * pending batch, or one answered {@code ErrMaybe}, took effect as the state allows (its no-effect
     * alternative is tried too); one refused must have met its first failing operation.
     */
    private Store batch(Store s, Input i, Output o) {
        Store after = s;
        int failedAt = -1;
        String failure = null;
        for (int k = 0; k < i.ops().size() && failedAt < 0; k++) {
            Input op = i.ops().get(k);
            failure = failureAlone(after, op);
            if (failure != null) {
                failedAt = k;
            } else {
                after = step(after, op, new Output(null, null, "OK"));
            }
        }
        String err = o == null || o.err() == null ? (o == null ? null : "OK") : o.err();
        if (err == null || err.equals("ErrMaybe")) {
            return failedAt < 0 ? after : s;
        }
        if (err.equals("OK")) {
            return failedAt < 0 ? after : null;
        }
        boolean sameFailure = failedAt >= 0 && err.equals(failure) && (o.failed() == null || o.failed() == failedAt);
        return sameFailure ? s : null;
    }

    /** The error {@code op} (a write) would meet alone in {@code s}, or null if it applies. */
    private static String failureAlone(Store s, Input op) {
        return switch (op.op()) {
            case "delete" -> s.get(op.key()) == null ? "ErrNoKey" : null;
            case "cas" -> s.version(op.key()) == (op.version() == null ? 0 : op.version()) ? null
                    : s.get(op.key()) == null ? "ErrNoKey" : "ErrVersion";
            default -> null; // put, append
        };
    }

    /** A write answered {@code ErrMaybe} may have applied, or not at all. */
    @Override
    public boolean mayHaveNoEffect(Object in, Object out) {
        Output o = (Output) out;
        return o != null && "ErrMaybe".equals(o.err()) && WRITES.contains(((Input) in).op());
    }

    private static final java.util.Set<String> WRITES = java.util.Set.of("put", "append", "delete", "cas", "batch");
    private static final java.util.Set<String> BATCHABLE = java.util.Set.of("put", "append", "delete", "cas");
    private static final java.util.Set<String> OPS = java.util.Set.of("get", "put", "append", "delete", "cas", "range", "batch");

    @Override
    public String problem(Object in, Object out) {
        Input i = (Input) in;
        if (i == null || i.op() == null) {
            return "input has no \"op\"";
        }
        if (!OPS.contains(i.op())) {
            return "unknown kv operation '" + i.op() + "' (expected one of get, put, append, delete, cas, range, batch)";
        }
        if (i.op().equals("batch")) {
            if (i.ops() == null || i.ops().isEmpty()) {
                return "a batch needs \"ops\" (one or more writes)";
            }
            for (Input op : i.ops()) {
                String bad = op == null || !BATCHABLE.contains(op.op()) ? "a batch holds only put, append, delete and cas"
                        : problem(op, null);
                if (bad != null) {
                    return "in a batch: " + bad;
                }
            }
            return null;
        }
        if (i.key() == null) {
            return i.op() + " needs a \"key\"" + (i.op().equals("range") ? " (its start; \"\" for the first key)" : "");
        }
        if ((i.op().equals("put") || i.op().equals("append") || i.op().equals("cas")) && i.value() == null) {
            return i.op() + " needs a \"value\"";
        }
        Output o = (Output) out;
        if (o != null && i.op().equals("range") && "OK".equals(o.err() == null ? "OK" : o.err()) && o.entries() == null) {
            return "a range answered OK needs \"entries\" (an empty list if none)";
        }
        return null;
    }

    private static Store cas(Store s, Input i, String err) {
        long expected = i.version() == null ? 0 : i.version();
        boolean absent = s.get(i.key()) == null;
        boolean matches = s.version(i.key()) == expected;
        Store applied = s.with(i.key(), new Cell(i.value(), s.version(i.key()) + 1));
        return switch (err) {
            case "OK" -> matches ? applied : null;
            case "ErrVersion" -> !matches && !absent ? s : null;
            case "ErrNoKey" -> !matches && absent ? s : null;
            case "ErrMaybe" -> matches ? applied : s; // the no-effect alternative is tried too
            default -> null;
        };
    }

    /** What a range read must see in state {@code s}. */
    static List<Entry> rangeOf(Store s, Input i) {
        if (i.end() != null && i.end().compareTo(i.key()) < 0) {
            return List.of();
        }
        SortedMap<String, Cell> span = i.end() == null ? s.cells().tailMap(i.key()) : s.cells().subMap(i.key(), i.end());
        int limit = i.limit() == null || i.limit() <= 0 ? Integer.MAX_VALUE : i.limit();
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, Cell> e : span.entrySet()) {
            long next = bytes + KvLimits.utf8Length(e.getKey()) + KvLimits.utf8Length(e.getValue().value());
            if (out.size() == limit || !out.isEmpty() && next > KvLimits.MAX_RANGE_BYTES) {
                break;
            }
            out.add(new Entry(e.getKey(), e.getValue().value(), e.getValue().version()));
            bytes = next;
        }
        return out;
    }

    /** {@link KvPartitions}: one part per key, joined where range reads and batches tie keys together. */
    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        return KvPartitions.split(history);
    }

    @Override
    public String describeOperation(Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        if (i.op().equals("batch")) {
            String ops = String.join(", ", i.ops().stream().map(op -> describeOperation(op, null).replace(" → ?", "")).toList());
            String result = o == null ? "?" : Objects.requireNonNullElse(o.err(), "OK")
                    + (o.failed() == null ? "" : " at op " + o.failed());
            return "batch[" + ops + "] → " + result;
        }
        String args = switch (i.op()) {
            case "get", "delete" -> "'" + i.key() + "'";
            case "cas" -> "'" + i.key() + "', '" + i.value() + "', v" + i.version();
            case "range" -> "'" + i.key() + "', " + (i.end() == null ? "∞" : "'" + i.end() + "'")
                    + (i.limit() == null || i.limit() <= 0 ? "" : ", limit " + i.limit());
            default -> "'" + i.key() + "', '" + i.value() + "'";
        };
        String result;
        if (o == null) {
            result = "?";
        } else {
            result = Objects.requireNonNullElse(o.err(), "OK");
            if (i.op().equals("get") && o.value() != null) {
                result += " '" + o.value() + "'" + (o.version() == null ? "" : " v" + o.version());
            } else if (i.op().equals("range") && o.entries() != null) {
                result += " " + entries(o.entries());
            }
        }
        return i.op() + "(" + args + ") → " + result;
    }

    private static String entries(List<Entry> es) {
        StringBuilder b = new StringBuilder("[");
        for (Entry e : es) {
            b.append(b.length() > 1 ? ", " : "").append(e.key()).append("='").append(e.value()).append("' v").append(e.version());
        }
        return b.append("]").toString();
    }

    @Override
    public String describeState(Store s) {
        if (s.cells().isEmpty()) {
            return "empty";
        }
        if (s.cells().size() == 1) {
            Map.Entry<String, Cell> e = s.cells().entrySet().iterator().next();
            return "'" + e.getValue().value() + "' (v" + e.getValue().version() + ")";
        }
        StringBuilder b = new StringBuilder();
        s.cells().forEach((k, c) -> b.append(b.length() == 0 ? "" : ", ").append(k).append("='").append(c.value())
                .append("' v").append(c.version()));
        return b.toString();
    }
}
