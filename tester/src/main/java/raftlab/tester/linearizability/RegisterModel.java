package raftlab.tester.linearizability;

import java.util.Objects;

/**
 * A single register with read, write and compare-and-set — the model Jepsen checks etcd with. The
 * register starts empty (null).
 */
public final class RegisterModel implements Model<RegisterModel.Value> {

    /** {@code op} is read, write or cas; {@code expected} is cas's comparand. */
    public record Input(String op, String value, String expected) {
    }

    /** A read's value, or whether a cas succeeded. */
    public record Output(String value, Boolean ok) {
    }

    /** The register's content. */
    public record Value(String value) {
    }

    @Override
    public String problem(Object in, Object out) {
        Input i = (Input) in;
        if (i == null || i.op() == null) {
            return "input has no \"op\"";
        }
        return switch (i.op()) {
            case "read", "write", "cas" -> null;
            default -> "unknown register operation '" + i.op() + "' (expected read, write or cas)";
        };
    }

    @Override
    public Value init() {
        return new Value(null);
    }

    @Override
    public Value step(Value s, Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        if (o == null) { // pending
            return switch (i.op()) {
                case "read" -> s;
                case "write" -> new Value(i.value());
                default -> Objects.equals(s.value(), i.expected()) ? new Value(i.value()) : s;
            };
        }
        return switch (i.op()) {
            case "read" -> Objects.equals(s.value(), o.value()) ? s : null;
            case "write" -> new Value(i.value());
            case "cas" -> {
                boolean matches = Objects.equals(s.value(), i.expected());
                boolean ok = Boolean.TRUE.equals(o.ok());
                yield ok ? (matches ? new Value(i.value()) : null) : (matches ? null : s);
            }
            default -> throw new IllegalArgumentException("unknown register operation '" + i.op() + "'");
        };
    }

    @Override
    public String describeOperation(Object in, Object out) {
        Input i = (Input) in;
        Output o = (Output) out;
        return switch (i.op()) {
            case "read" -> "read() → " + (o == null ? "?" : o.value());
            case "write" -> "write(" + i.value() + ")";
            default -> "cas(" + i.expected() + " → " + i.value() + ") → " + (o == null ? "?" : o.ok());
        };
    }

    @Override
    public String describeState(Value s) {
        return String.valueOf(s.value());
    }
}
