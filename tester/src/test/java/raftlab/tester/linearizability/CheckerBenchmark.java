package raftlab.tester.linearizability;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The checker's throughput on a 10,000-operation, 100-key history; prints the figure and asserts
 * only the verdict. Run with {@code mvn -pl grading -am test -Dgroups=benchmark -Draftlab.excludedGroups=none
 * -Dtest=CheckerBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class CheckerBenchmark {
    @Test
    void tenThousandOperationsOnAHundredKeys() {
        for (int round = 0; round < 3; round++) {
            List<Operation> ops = Histories.randomLinearizable(round, 10_000, 100, 20);
            CheckResult r = Checker.check(new KvModel(), ops, Duration.ofMinutes(5));
            if (r.verdict() != Verdict.LINEARIZABLE) {
                throw new AssertionError("expected linearizable, got " + r.verdict());
            }
            System.out.printf(Locale.ROOT, "checker: 10,000 operations, 100 keys: %s in %d ms (%,.0f ops/s)%n",
                    r.verdict().text(), r.millis(), 10_000 * 1000.0 / Math.max(1, r.millis()));
        }
    }
}
