package raftlab.tester.linearizability;

/** What the checker concluded. */
public enum Verdict {
    /** A linearization exists. */
    LINEARIZABLE("linearizable", 0),
    /** No order of the operations explains what the clients saw. */
    NOT_LINEARIZABLE("not linearizable", 1),
    /** The search ran out of time; nothing is claimed either way. */
    UNKNOWN("unknown", 2);

    private final String text;
    private final int exitCode;

    Verdict(String text, int exitCode) {
        this.text = text;
        this.exitCode = exitCode;
    }

    public String text() {
        return text;
    }

    public int exitCode() {
        return exitCode;
    }
}
