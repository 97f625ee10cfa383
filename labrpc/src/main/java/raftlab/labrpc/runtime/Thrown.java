package raftlab.labrpc.runtime;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An exception from node code, told so a student can act on it without opening the trace: its type
 * and message (and its causes'), and where in the lab's own code it was thrown.
 */
public final class Thrown {
    /** The most stack frames shown. */
    static final int FRAMES = 6;
    private static final String[] NOT_LAB_CODE = {"raftlab.labrpc.", "raftlab.tester.", "raftlab.tools.", "raftlab.raft.",
        "raftlab.kv.", "raftlab.server."};

    private Thrown() {
    }

    /** {@code Type: message} for the exception and each cause, then the lab-code frames it came through. */
    public static String describe(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause(); // the future's wrapper says nothing; its cause is what the node threw
        }
        StringBuilder b = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append("\n    caused by ").append(c);
        }
        int shown = 0;
        for (StackTraceElement frame : t.getStackTrace()) {
            if (isLabCode(frame.getClassName()) && shown < FRAMES) {
                b.append("\n    at ").append(frame);
                shown++;
            }
        }
        if (shown == 0) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (shown++ == 3) {
                    break;
                }
                b.append("\n    at ").append(frame);
            }
        }
        return b.toString();
    }

    private static boolean isLabCode(String className) {
        if (!className.startsWith("raftlab.") || className.matches(".*Tests?(\\$.*)?$")) {
            return false; // not the lab's main code: the JDK, a library, or a test (the simulation runs in the test's thread)
        }
        for (String prefix : NOT_LAB_CODE) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }
}
