package raftlab.tester.harness;

import java.util.Locale;

/** Which runtime a test runs on. */
public enum Mode {
    /** Seeded discrete-event simulation: virtual time, reproducible, the default. */
    SIM,
    /** Wall-clock timers and a thread pool: the concurrency a real deployment has. */
    REAL;

    public static Mode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + s + "': use sim or real", e);
        }
    }

    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }
}
