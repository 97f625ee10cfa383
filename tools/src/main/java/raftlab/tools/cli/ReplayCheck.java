package raftlab.tools.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tools.report.Outcome;

/**
 * {@code grade --check-replay}: runs one simulated seed a second time and compares every test's trace
 * digest with the first run's. A seed is only worth printing if it reproduces the run; a difference
 * means something outside the seed steered it (the wall clock, a thread, iteration order of an
 * identity-hashed set, state left over from an earlier test in the same JVM).
 */
final class ReplayCheck {
    /** One test whose two runs of the same seed differ. */
    record Mismatch(GradedTest test, String first, String second) {
    }

    private ReplayCheck() {
    }

    /** Re-runs {@code seed} in this JVM and returns the tests whose digest differs from {@code firstRun}'s. */
    static List<Mismatch> run(SuiteRunner runner, List<GradedTest> tests, long seed, List<Outcome> firstRun) {
        Map<String, String> before = new HashMap<>();
        for (Outcome o : firstRun) {
            if (o.mode() == Mode.SIM && o.seed() == seed) {
                before.put(o.test().id(), o.figures().getOrDefault("raftlab.digest", ""));
            }
        }
        List<GradedTest> again = tests.stream().filter(t -> before.containsKey(t.id())).toList();
        List<Mismatch> differ = new ArrayList<>();
        for (Outcome o : runner.run(again, seed, Mode.SIM, true)) {
            String first = before.get(o.test().id());
            String second = o.figures().getOrDefault("raftlab.digest", "");
            if (first.isEmpty() || !first.equals(second)) {
                differ.add(new Mismatch(o.test(), first, second));
            }
        }
        return differ;
    }

    static void print(PrintStream out, long seed, int tests, List<Mismatch> differ) {
        if (differ.isEmpty()) {
            out.printf("replay check: seed %d run again, the same trace for all %d tests%n", seed, tests);
            return;
        }
        out.printf("replay check FAILED: seed %d gave another trace on its second run for %d of %d tests%n",
                seed, differ.size(), tests);
        for (Mismatch m : differ) {
            out.printf("  %-50s %s then %s%n", m.test().id(), shortDigest(m.first()), shortDigest(m.second()));
        }
        out.println("  a failure on these seeds may not reproduce: look for the wall clock, own threads, "
                + "iteration over identity-hashed sets, or static state in node code (docs/debugging.md, section 1)");
    }

    private static String shortDigest(String d) {
        return d.isEmpty() ? "(none)" : d.substring(0, Math.min(12, d.length()));
    }
}
