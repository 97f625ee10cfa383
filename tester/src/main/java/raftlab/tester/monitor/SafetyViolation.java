package raftlab.tester.monitor;

import java.util.List;

/**
 * A broken safety rule. The message names the rule, what was seen, and the bugs that usually cause
 * it, so a student knows where to look before opening the trace. A safety violation scores zero for
 * its test, however rarely it happens.
 */
public final class SafetyViolation extends AssertionError {
    private final String rule;

    public SafetyViolation(String rule, String observed, List<String> likelyBugs) {
        super(format(rule, observed, likelyBugs));
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    private static String format(String rule, String observed, List<String> likelyBugs) {
        StringBuilder b = new StringBuilder("SAFETY VIOLATION: ").append(rule).append('\n');
        b.append("  observed: ").append(observed);
        if (!likelyBugs.isEmpty()) {
            b.append("\n  likely bugs:");
            for (String bug : likelyBugs) {
                b.append("\n    - ").append(bug);
            }
        }
        return b.toString();
    }
}
