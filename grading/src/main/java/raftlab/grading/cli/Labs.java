package raftlab.grading.cli;

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
