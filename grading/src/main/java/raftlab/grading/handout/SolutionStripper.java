package raftlab.grading.handout;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns reference code into the student's skeleton. A solution region is
 * <pre>
 *   // BEGIN SOLUTION
 *   ...the reference code...
 *   // ELSE STUB
 *   // ...the stub, commented out...
 *   // END SOLUTION
 * </pre>
 * The reference code is dropped and the stub is uncommented in its place; a region without
 * {@code ELSE STUB} simply disappears. Malformed markers are an error naming the line.
 */
public final class SolutionStripper {
    public static final String BEGIN = "// BEGIN SOLUTION";
    public static final String ELSE = "// ELSE STUB";
    public static final String END = "// END SOLUTION";
    private static final Pattern COMMENTED = Pattern.compile("^(\\s*)// ?(.*)$");

    private SolutionStripper() {
    }

    /** True if any line of {@code source} is a solution marker (a marker inside a string does not count). */
    public static boolean hasRegions(String source) {
        return source.lines().map(String::trim).anyMatch(t -> t.equals(BEGIN) || t.equals(ELSE) || t.equals(END));
    }

    public static String strip(String source, String file) {
        String[] lines = source.split("\n", -1);
        List<String> out = new ArrayList<>();
        int state = 0; // 0 outside, 1 in solution, 2 in stub
        int beganAt = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.trim();
            if (t.equals(BEGIN)) {
                if (state != 0) {
                    throw malformed(file, i, "nested " + BEGIN + " (the region opened at line " + (beganAt + 1) + " is not closed)");
                }
                state = 1;
                beganAt = i;
            } else if (t.equals(ELSE)) {
                if (state != 1) {
                    throw malformed(file, i, ELSE + " outside a solution region");
                }
                state = 2;
            } else if (t.equals(END)) {
                if (state == 0) {
                    throw malformed(file, i, END + " without " + BEGIN);
                }
                state = 0;
            } else if (state == 0) {
                out.add(line);
            } else if (state == 2) {
                Matcher m = COMMENTED.matcher(line);
                if (!m.matches()) {
                    throw malformed(file, i, "stub lines must be commented out with //");
                }
                out.add(m.group(1) + m.group(2));
            } else if (t.contains("SOLUTION") && t.startsWith("//")) {
                throw malformed(file, i, "unrecognised marker '" + t + "'");
            }
        }
        if (state != 0) {
            throw malformed(file, beganAt, "solution region never closed with " + END);
        }
        return String.join("\n", out);
    }

    /** The reference side of every region: markers and stubs removed, solution code kept. */
    public static String keepSolution(String source, String file) {
        strip(source, file); // validates the markers
        List<String> out = new ArrayList<>();
        boolean inStub = false;
        for (String line : source.split("\n", -1)) {
            String t = line.trim();
            if (t.equals(BEGIN) || t.equals(END)) {
                inStub = false;
            } else if (t.equals(ELSE)) {
                inStub = true;
            } else if (!inStub) {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    private static IllegalArgumentException malformed(String file, int line, String why) {
        return new IllegalArgumentException(file + ":" + (line + 1) + ": " + why);
    }
}
