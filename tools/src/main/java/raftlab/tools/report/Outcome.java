package raftlab.tools.report;

import java.util.Map;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;

/** The result of one graded test on one seed in one mode. */
public record Outcome(GradedTest test, long seed, Mode mode, boolean passed, boolean safety, String message,
                      Map<String, String> figures, String output) {

    public long figure(String key) {
        String v = figures.get("raftlab." + key);
        return v == null ? 0 : Long.parseLong(v);
    }
}
