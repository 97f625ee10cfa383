package raftlab.tester.linearizability;

/**
 * One client operation in a history: who issued it, when it was called and when it returned
 * ({@link #PENDING} if it never returned — it timed out or failed ambiguously, so it may or may not
 * have taken effect, at any time after its call), what it asked and what it got.
 */
public record Operation(int client, long call, long ret, Object input, Object output) {
    public static final long PENDING = Long.MAX_VALUE;

    public Operation {
        if (ret < call) {
            throw new IllegalArgumentException("operation returns (" + ret + ") before it is called (" + call + ")");
        }
    }

    public boolean pending() {
        return ret == PENDING;
    }
}
