package raftlab.tester.linearizability;

import java.util.List;

/** The verdict on a whole history, with each part's result (for the report). */
public record CheckResult(Verdict verdict, List<PartitionResult> partitions, long millis) {

    /** The first part that is not linearizable, if any. */
    public PartitionResult firstIllegal() {
        return partitions.stream().filter(p -> p.verdict() == Verdict.NOT_LINEARIZABLE).findFirst().orElse(null);
    }
}
