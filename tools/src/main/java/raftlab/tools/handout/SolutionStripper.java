package raftlab.tools.handout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns reference code into the student's skeleton. A solution region is
 * <pre>
 *   // BEGIN SOLUTION [labN]
 *   ...the reference code...
 *   // ELSE STUB
 *   // ...the stub, commented out...
 *   // END SOLUTION
 * </pre>
 * The reference code is dropped and the stub is uncommented in its place; a region without
 * {@code ELSE STUB} simply disappears. A region belongs to the lab of the module it is in, unless
 * it names another: a later lab's change to an earlier lab's code ({@code // BEGIN SOLUTION lab2} in
 * lab 1's reply record) is stubbed with that later lab. A file whose first line is
 * {@code // SOLUTION FILE [labN]} is the student's to write whole: an edition that stubs its lab
 * leaves it out. Malformed markers are an error naming the line.
 */
public final class SolutionStripper {
    public static final String BEGIN = "// BEGIN SOLUTION";
    public static final String ELSE = "// ELSE STUB";
    public static final String END = "// END SOLUTION";
    public static final String FILE = "// SOLUTION FILE";
    private static final Pattern BEGIN_LINE = Pattern.compile("^// BEGIN SOLUTION(?: lab(\\d))?$");
    private static final Pattern FILE_LINE = Pattern.compile("^// SOLUTION FILE(?: lab(\\d))?$");
    private static final Pattern COMMENTED = Pattern.compile("^(\\s*)// ?(.*)$");

    private SolutionStripper() {
    }

    /** True if any line of {@code source} is a solution marker (a marker inside a string does not count). */
    public static boolean hasRegions(String source) {
        return source.lines().map(String::trim).anyMatch(t -> BEGIN_LINE.matcher(t).matches() || t.equals(ELSE)
                || t.equals(END) || FILE_LINE.matcher(t).matches());
    }

    /**
     * The lab a whole-file solution belongs to ({@code lab} if its marker names none), or 0 if
     * {@code source} is not a whole-file solution.
     */
    public static int solutionFileLab(String source, int lab) {
        String first = source.lines().findFirst().orElse("").trim();
        Matcher m = FILE_LINE.matcher(first);
        if (!m.matches()) {
            return 0;
        }
        return m.group(1) == null ? lab : Integer.parseInt(m.group(1));
    }

    /** Every region stubbed. */
    public static String strip(String source, String file) {
        return edition(source, file, 0, l -> true);
    }

    /** The reference side of every region: markers and stubs removed, solution code kept. */
    public static String keepSolution(String source, String file) {
        return edition(source, file, 0, l -> false);
    }

    /**
     * The file as an edition sees it: regions of the labs {@code stubbed} accepts are replaced by their
     * stubs, the others keep their solution; {@code lab} is the lab of regions that name none. (A
     * whole-file solution loses its marker line here; leaving the file out is the caller's choice.)
     */
    public static String edition(String source, String file, int lab, IntPredicate stubbed) {
        String[] lines = source.split("\n", -1);
        List<String> out = new ArrayList<>();
        int state = 0; // 0 outside, 1 in solution, 2 in stub
        boolean stubThis = false;
        int beganAt = 0;
        int regionStart = 0; // out's size when the region began
        boolean dropBlank = false; // a region vanished between two blank lines: keep one of them
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String t = line.trim();
            Matcher begin = BEGIN_LINE.matcher(t);
            if (i == 0 && FILE_LINE.matcher(t).matches()) {
                continue;
            } else if (begin.matches()) {
                if (state != 0) {
                    throw malformed(file, i, "nested " + BEGIN + " (the region opened at line " + (beganAt + 1) + " is not closed)");
                }
                state = 1;
                beganAt = i;
                regionStart = out.size();
                stubThis = stubbed.test(begin.group(1) == null ? lab : Integer.parseInt(begin.group(1)));
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
                dropBlank = out.size() == regionStart && !out.isEmpty() && out.get(out.size() - 1).isBlank();
            } else if (state == 0) {
                if (!(dropBlank && t.isEmpty())) {
                    out.add(line);
                }
                dropBlank = false;
            } else if (state == 2) {
                Matcher m = COMMENTED.matcher(line);
                if (!m.matches()) {
                    throw malformed(file, i, "stub lines must be commented out with //");
                }
                if (stubThis) {
                    out.add((m.group(1) + m.group(2)).stripTrailing());
                }
            } else if (t.startsWith("//") && t.contains("SOLUTION")) {
                throw malformed(file, i, "unrecognised marker '" + t + "'");
            } else if (!stubThis) {
                out.add(line);
            }
        }
        if (state != 0) {
            throw malformed(file, beganAt, "solution region never closed with " + END);
        }
        return String.join("\n", out);
    }

    private static IllegalArgumentException malformed(String file, int line, String why) {
        return new IllegalArgumentException(file + ":" + (line + 1) + ": " + why);
    }
}
