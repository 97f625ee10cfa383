package raftlab.grading.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The key/value store's sequential specification, one key at a time (so histories split per key).
 * A key holds a value and a version; every write that takes effect bumps the version.
 * <ul>
 *   <li>{@code get}: {@code OK} with the value (and, if reported, the version), or {@code ErrNoKey} if absent;</li>
 *   <li>{@code put}, {@code append}: {@code OK};</li>
 *   <li>{@code delete}: {@code OK} if present, {@code ErrNoKey} if absent;</li>
 *   <li>{@code cas} (versioned put, 6.5840 2025): applies iff the key's version equals the expected one
 *       ({@code OK}), else {@code ErrVersion}; {@code ErrNoKey} for an absent key and a non-zero
 *       version; {@code ErrMaybe} (a retried attempt) is legal both ways — the state decides.</li>
 * </ul>
 * A pending operation (no output) took effect as the state allows, or not at all.
 */
public final class KvModel implements Model<KvModel.Cell> {

    /** What a client asked: {@code op} is get, put, append, delete or cas. */
    public record Input(String op, String key, String value, Long version) {
    }

    /** What it got back. {@code version} may be null when the store does not report one. */
    public record Output(String value, Long version, String err) {
    }

    /** One key's state: its value (null if absent) and version. */
    public record Cell(String value, long version) {
        static final Cell ABSENT = new Cell(null, 0);
    }

    @Override
    public Cell init() {
        return Cell.ABSENT;
    }

    @Override
    public Cell step(Cell s, Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        if (o == null) { // a pending operation: whatever it returned, its effect is what the state allows
            return switch (i.op()) {
                case "get" -> s;
                case "delete" -> s.value() == null ? s : new Cell(null, s.version() + 1);
                case "cas" -> cas(s, i, "ErrMaybe");
                default -> step(s, in, new Output(null, null, "OK"));
            };
        }
        String err = o.err() == null ? "OK" : o.err();
        return switch (i.op()) {
            case "get" -> {
                if (err.equals("ErrNoKey")) {
                    yield s.value() == null ? s : null;
                }
                boolean same = err.equals("OK") && s.value() != null && s.value().equals(o.value())
                        && (o.version() == null || o.version() == s.version());
                yield same ? s : null;
            }
            case "put" -> err.equals("OK") ? new Cell(i.value(), s.version() + 1) : null;
            case "append" -> err.equals("OK") ? new Cell((s.value() == null ? "" : s.value()) + i.value(), s.version() + 1) : null;
            case "delete" -> {
                if (err.equals("ErrNoKey")) {
                    yield s.value() == null ? s : null;
                }
                yield err.equals("OK") && s.value() != null ? new Cell(null, s.version() + 1) : null;
            }
            case "cas" -> cas(s, i, err);
            default -> throw new IllegalArgumentException("unknown kv operation '" + i.op() + "'");
        };
    }

    private static Cell cas(Cell s, Input i, String err) {
        long expected = i.version() == null ? 0 : i.version();
        boolean absentAndNonZero = s.value() == null && expected != 0 && s.version() == 0;
        boolean matches = s.version() == expected && !absentAndNonZero;
        Cell applied = new Cell(i.value(), s.version() + 1);
        return switch (err) {
            case "OK" -> matches ? applied : null;
            case "ErrVersion" -> !matches && !absentAndNonZero ? s : null;
            case "ErrNoKey" -> absentAndNonZero ? s : null;
            case "ErrMaybe" -> matches ? applied : s;
            default -> null;
        };
    }

    @Override
    public List<List<Operation>> partition(List<Operation> history) {
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation o : history) {
            byKey.computeIfAbsent(((Input) o.input()).key(), k -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(byKey.values());
    }

    @Override
    public String describeOperation(Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        String args = switch (i.op()) {
            case "get", "delete" -> "'" + i.key() + "'";
            case "cas" -> "'" + i.key() + "', '" + i.value() + "', v" + i.version();
            default -> "'" + i.key() + "', '" + i.value() + "'";
        };
        String result = o == null ? "?" : Objects.requireNonNullElse(o.err(), "OK")
                + (i.op().equals("get") && o.value() != null ? " '" + o.value() + "'" + (o.version() == null ? "" : " v" + o.version()) : "");
        return i.op() + "(" + args + ") → " + result;
    }

    @Override
    public String describeState(Cell s) {
        return s.value() == null ? "absent (v" + s.version() + ")" : "'" + s.value() + "' (v" + s.version() + ")";
    }
}
