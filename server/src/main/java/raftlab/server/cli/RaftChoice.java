package raftlab.server.cli;

import picocli.CommandLine.Option;

/**
 * {@code --raft own|reference} for the commands that run lab code. The launcher ({@code ./raftlab})
 * reads the flag and puts the shipped reference Raft first on the class path, where it shadows the
 * student's labs 1–3 and lab 5's part A; node processes started from here inherit that class path.
 * This mixin only checks that the launcher did so, and says which Raft runs.
 */
public final class RaftChoice {
    /**
     * What the launcher sets: {@code own}, {@code reference} (the jar), {@code reference-tree} (an
     * instructor tree), or {@code installed} (the archive's {@code bin/raftlab}: whatever it was built from).
     */
    static final String LAUNCHER_PROPERTY = "raftlab.raft";

    @Option(names = "--raft", defaultValue = "own", paramLabel = "own|reference",
            description = "whose Raft the nodes run: yours (labs 1-3, lab 5 part A), or the reference shipped with the"
                    + " student edition, for lab 4 and lab 5 part B before your Raft is done (default: ${DEFAULT-VALUE})")
    String raft;

    /** Checks the choice against what the launcher put on the class path; returns whether it is the reference. */
    boolean reference() {
        String r = raft.toLowerCase(java.util.Locale.ROOT);
        if (!r.equals("own") && !r.equals("reference")) {
            throw new IllegalArgumentException("--raft must be own or reference, not '" + raft + "'");
        }
        String launched = System.getProperty(LAUNCHER_PROPERTY, "own");
        if (r.equals("reference") && !launched.startsWith("reference")) {
            throw new IllegalArgumentException("--raft reference needs the launcher: run ./raftlab, which puts the"
                    + " reference Raft's jar first on the class path");
        }
        return r.equals("reference");
    }

    /** One line for a banner: which Raft the nodes run. */
    String describe() {
        if (reference()) {
            return "the reference Raft (--raft reference); your lab 4 and lab 5 part B on it";
        }
        return System.getProperty(LAUNCHER_PROPERTY, "own").equals("installed")
                ? "the Raft and key/value service this installation was built with (lib/)"
                : "your Raft (labs 1-3, lab 5 part A) and your key/value service";
    }
}
