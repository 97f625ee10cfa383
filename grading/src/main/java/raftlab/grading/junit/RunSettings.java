package raftlab.grading.junit;

import java.nio.file.Path;
import raftlab.grading.harness.Mode;

/**
 * How graded tests run, from system properties (so Maven, the IDE and the grader set them the same
 * way): {@code raftlab.seed} (default 1), {@code raftlab.mode} ({@code sim} or {@code real}),
 * {@code raftlab.traceDir} (where failing runs write their trace; default
 * {@code target/raftlab-traces}).
 */
public final class RunSettings {
    public static final String SEED = "raftlab.seed";
    public static final String MODE = "raftlab.mode";
    public static final String TRACE_DIR = "raftlab.traceDir";

    private RunSettings() {
    }

    public static long seed() {
        String s = System.getProperty(SEED, "1").trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED + "=" + s + " is not a number", e);
        }
    }

    public static Mode mode() {
        return Mode.parse(System.getProperty(MODE, "sim"));
    }

    public static Path traceDir() {
        return Path.of(System.getProperty(TRACE_DIR, "target/raftlab-traces"));
    }
}
