package raftlab.tester.junit;

import java.nio.file.Path;
import raftlab.tester.harness.Mode;

/**
 * How graded tests run, from system properties (so Maven, the IDE and the grader set them the same
 * way): {@code raftlab.seed} (default 1), {@code raftlab.mode} ({@code sim} or {@code real}),
 * {@code raftlab.traceDir} (where failing runs write their trace; default
 * {@code target/raftlab-traces}), {@code raftlab.raft} ({@code own}, or {@code reference…} when the
 * launcher put the shipped reference Raft first on the class path).
 */
public final class RunSettings {
    public static final String SEED = "raftlab.seed";
    public static final String MODE = "raftlab.mode";
    public static final String TRACE_DIR = "raftlab.traceDir";
    public static final String RAFT = "raftlab.raft";

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

    /** Whether this run uses the reference Raft (for titles and reproduce commands). */
    public static boolean referenceRaft() {
        return System.getProperty(RAFT, "own").startsWith("reference");
    }

    public static Path traceDir() {
        return Path.of(System.getProperty(TRACE_DIR, "target/raftlab-traces"));
    }
}
