package raftlab.tools.handout;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes instructor-only passages from Markdown docs in the student edition: everything between a
 * line {@code <!-- BEGIN INSTRUCTOR -->} and a line {@code <!-- END INSTRUCTOR -->}, markers included.
 * An optional {@code <!-- STUDENT: text -->} line inside the passage is kept as {@code text}.
 */
public final class InstructorNotes {
    public static final String BEGIN = "<!-- BEGIN INSTRUCTOR -->";
    public static final String END = "<!-- END INSTRUCTOR -->";
    private static final String STUDENT = "<!-- STUDENT:";

    private InstructorNotes() {
    }

    public static String strip(String markdown, String file) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        int line = 0;
        for (String l : markdown.split("\n", -1)) {
            line++;
            String t = l.trim();
            if (t.equals(BEGIN)) {
                if (inside) {
                    throw new IllegalArgumentException(file + ":" + line + ": nested " + BEGIN);
                }
                inside = true;
            } else if (t.equals(END)) {
                if (!inside) {
                    throw new IllegalArgumentException(file + ":" + line + ": " + END + " without " + BEGIN);
                }
                inside = false;
            } else if (inside && t.startsWith(STUDENT) && t.endsWith("-->")) {
                out.add(t.substring(STUDENT.length(), t.length() - 3).trim());
            } else if (!inside) {
                out.add(l);
            }
        }
        if (inside) {
            throw new IllegalArgumentException(file + ": " + BEGIN + " never closed");
        }
        return String.join("\n", out);
    }
}
