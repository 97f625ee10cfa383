package raftlab.tools.handout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How big each lab's room is: the reference's lines of code inside solution regions and whole
 * solution files (what the student writes), and the lab's given main code outside them. Lines of code
 * are those that are not blank, not comments, not package or import lines. Lab 5 counts its Raft part
 * (A) and its key/value part (B) apart; the server module (given code that runs the finished labs as a
 * real cluster) is its own room, all given.
 */
public final class Rooms {
    private static final Pattern MODULE = Pattern.compile("^(?:lab(\\d)-[^/]+|(server))/src/main/java/(.*)$");
    private static final Pattern BEGIN = Pattern.compile("^// BEGIN SOLUTION(?: lab(\\d))?$");

    /** Solution and given lines of one part of the course. */
    public record Room(int solution, int given) {
        Room plus(int moreSolution, int moreGiven) {
            return new Room(solution + moreSolution, given + moreGiven);
        }
    }

    private Rooms() {
    }

    /** Rooms by name ("lab1" … "lab4", "lab5 A", "lab5 B", "server"), in that order. */
    public static Map<String, Room> count(Handout handout, Path root) throws IOException, InterruptedException {
        Map<String, Room> rooms = new TreeMap<>();
        for (Path rel : handout.sourceFiles()) {
            String path = rel.toString().replace('\\', '/');
            Matcher m = MODULE.matcher(path);
            if (!path.endsWith(".java") || !m.matches()) {
                continue;
            }
            if (m.group(2) != null) {
                add(rooms, "server", 0, (int) Files.readString(root.resolve(rel), StandardCharsets.UTF_8).lines()
                        .filter(Rooms::isCode).count()); // given whole: it runs the finished labs
                continue;
            }
            int lab = Integer.parseInt(m.group(1));
            String own = part(lab, m.group(3));
            String text = Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
            int fileLab = SolutionStripper.solutionFileLab(text, lab);
            if (fileLab > 0) {
                add(rooms, fileLab == lab ? own : part(fileLab, ""), (int) text.lines().filter(Rooms::isCode).count(), 0);
                continue;
            }
            String region = null; // the room of the region we are in, or null outside
            boolean stub = false;
            for (String line : text.split("\n", -1)) {
                String t = line.trim();
                Matcher begin = BEGIN.matcher(t);
                if (begin.matches()) {
                    region = begin.group(1) == null ? own : part(Integer.parseInt(begin.group(1)), "");
                    stub = false;
                } else if (t.equals(SolutionStripper.ELSE)) {
                    stub = true;
                } else if (t.equals(SolutionStripper.END)) {
                    region = null;
                } else if (isCode(line) && !stub) {
                    if (region != null) {
                        add(rooms, region, 1, 0);
                    } else {
                        add(rooms, own, 0, 1);
                    }
                }
            }
        }
        return rooms;
    }

    private static String part(int lab, String packagePath) {
        if (lab != 5) {
            return "lab" + lab;
        }
        return packagePath.startsWith("raftlab/snapshots/kv/") ? "lab5 B" : "lab5 A";
    }

    private static void add(Map<String, Room> rooms, String room, int solution, int given) {
        rooms.merge(room, new Room(solution, given), (a, b) -> a.plus(b.solution(), b.given()));
    }

    static boolean isCode(String line) {
        String t = line.trim();
        return !t.isEmpty() && !t.startsWith("//") && !t.startsWith("/*") && !t.startsWith("*") && !t.startsWith("package ")
                && !t.startsWith("import ");
    }
}
