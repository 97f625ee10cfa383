package raftlab.tools.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Parses lab names on the command line: {@code lab1}, {@code 1}, {@code lab2 lab3}. */
final class Labs {
    private Labs() {
    }

    static int parse(String s) {
        String digits = s.toLowerCase(java.util.Locale.ROOT).replaceFirst("^lab", "").replaceFirst("-.*$", "");
        try {
            int lab = Integer.parseInt(digits);
            if (lab >= 1 && lab <= 5) {
                return lab;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("unknown lab '" + s + "': use lab1 … lab5");
    }

    /**
     * The labs to run with {@code --raft}: "own" (default) or "reference" (the Raft — labs 1–3 and lab
     * 5's part A — replaced by the compiled reference, so only lab 4 and lab 5's part B make sense; all
     * labs means those two).
     */
    static Set<Integer> withRaft(Set<Integer> labs, String raft) {
        boolean reference = switch (raft.toLowerCase(java.util.Locale.ROOT)) {
            case "own" -> false;
            case "reference" -> true;
            default -> throw new IllegalArgumentException("--raft must be own or reference, not '" + raft + "'");
        };
        raftlab.tools.handout.ReferenceRaft.check(reference);
        if (!reference) {
            return labs;
        }
        for (int lab : labs) {
            if (raftlab.tools.handout.ReferenceRaft.LABS.contains(lab)) {
                throw new IllegalArgumentException("--raft reference replaces your Raft with the reference: it is for lab4"
                        + " and lab5's part B (lab" + lab + " would grade the reference, not your code)");
            }
        }
        return labs.isEmpty() ? new TreeSet<>(List.of(4, 5)) : labs;
    }

    static Set<Integer> parseAll(List<String> names) {
        Set<Integer> labs = new TreeSet<>();
        if (names != null) {
            for (String n : names) {
                labs.add(parse(n));
            }
        }
        return labs;
    }
}
