package raftlab.grading.linearizability;

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

    default String describeOperation(Object input, Object output) {
        return input + " -> " + output;
    }

    default String describeState(S state) {
        return String.valueOf(state);
    }
}
