package raftlab.tester.linearizability;

import java.util.List;

/**
 * The verdict on one part of a history. For a part that is not linearizable: the longest prefix of
 * a linearization the search found (operation indexes into {@code operations}, in order) and the
 * state description after each of them; the operations left over could not be placed next.
 */
public record PartitionResult(List<Operation> operations, Verdict verdict, List<Integer> longestPrefix,
                              List<String> statesAfter) {

    /** One line for a failure message: how far the search got, and an operation that cannot come next. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public String describeBreak(Model<?> model) {
        Model m = model;
        java.util.Set<Integer> placed = new java.util.HashSet<>(longestPrefix);
        Operation stuck = null;
        for (int i = 0; i < operations.size(); i++) {
            Operation o = operations.get(i);
            if (!placed.contains(i) && !o.pending() && (stuck == null || o.ret() < stuck.ret())) {
                stuck = o;
            }
        }
        int n = longestPrefix.size();
        String state = n == 0 ? "the initial state" : statesAfter.get(n - 1);
        return "the longest linearization found has " + n + " of " + operations.size() + " operations and ends in "
                + state + (stuck == null ? "" : "; client " + stuck.client() + "'s "
                + m.describeOperation(stuck.input(), stuck.output()) + " (returned at " + stuck.ret() + ") cannot be placed");
    }
}
