package raftlab.grading.linearizability;

import java.util.List;

/**
 * The verdict on one part of a history. For a part that is not linearizable: the longest prefix of
 * a linearization the search found (operation indexes into {@code operations}, in order) and the
 * state description after each of them; the operations left over could not be placed next.
 */
public record PartitionResult(List<Operation> operations, Verdict verdict, List<Integer> longestPrefix,
                              List<String> statesAfter) {
}
