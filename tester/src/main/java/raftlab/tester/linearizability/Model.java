package raftlab.tester.linearizability;

import java.util.List;

/**
 * A sequential specification to check histories against. {@link #step} must be pure: the checker
 * calls it in any order, many times, and caches states.
 *
 * @param <S> the state (immutable; {@code equals} and {@code hashCode} compare states)
 */
public interface Model<S> {
    S init();

    /** The state after {@code input} returned {@code output} in {@code state}, or null if it could not have. */
    S step(S state, Object input, Object output);

    /**
     * Splits a history into independent parts (per key, say), checked separately; a history is
     * linearizable iff every part is (P-compositionality).
     */
    default List<List<Operation>> partition(List<Operation> history) {
        return List.of(history);
    }

    /**
     * Whether this completed operation may also have had no effect at all — a write answered "maybe"
     * (the client cannot tell whether it applied). The search then tries both: {@link #step}'s state
     * and the state unchanged.
     */
    default boolean mayHaveNoEffect(Object input, Object output) {
        return false;
    }

    /** Why this operation is malformed for the model (unknown op, missing field), or null if it is fine. */
    default String problem(Object input, Object output) {
        return null;
    }

    default String describeOperation(Object input, Object output) {
        return input + " -> " + output;
    }

    default String describeState(S state) {
        return String.valueOf(state);
    }
}
