package raftlab.tools.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import raftlab.tools.handout.Handout;
import raftlab.tools.handout.Rooms;
import raftlab.tools.util.Trees;

/** {@code raftlab handout}: writes and verifies the student edition. */
@Command(name = "handout", mixinStandardHelpOptions = true,
        description = "Write the student edition (solution regions replaced by stubs, instructor-only files left out)"
                + " and verify it: it compiles and every graded test of the stubbed labs fails on it.")
public final class HandoutCommand implements Callable<Integer> {
    @Option(names = "--out", description = "directory to write the edition into (must be empty)")
    Path out;

    @Option(names = "--rooms", description = "write nothing: print each lab's room, the reference's lines of code the"
            + " student writes (solution regions and files) and the lab's given lines of code")
    boolean rooms;

    @Option(names = "--force", description = "replace an earlier edition in --out (its files are deleted first, so none"
            + " of them can linger; refused for a directory that is not an edition)")
    boolean force;

    @Option(names = "--no-verify", description = "skip compiling and running the edition's tests")
    boolean noVerify;

    @Override
    public Integer call() throws Exception {
        Path root = Path.of(System.getProperty("raftlab.root", ".")).toAbsolutePath().normalize();
        if (rooms) {
            printRooms(root);
            return 0;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required (or --rooms)");
        }
        Path target = out.toAbsolutePath().normalize();
        if (target.startsWith(root)) {
            throw new IllegalArgumentException("--out must be outside the repository (" + root + ")");
        }
        if (Files.exists(target)) {
            boolean empty;
            try (Stream<Path> s = Files.list(target)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !force) {
                throw new IllegalArgumentException(target + " is not empty; choose an empty directory, or pass --force to"
                        + " replace an earlier edition there");
            }
            if (!empty) {
                if (!Files.exists(target.resolve("raftlab")) || !Files.exists(target.resolve("pom.xml"))) {
                    throw new IllegalArgumentException(target + " does not hold an edition (no raftlab launcher and pom.xml):"
                            + " --force replaces only an earlier edition");
                }
                // A file the old edition had and this one does not would otherwise stay and break the build.
                Trees.delete(target);
                Files.createDirectories(target);
            }
        }
        Handout handout = new Handout(root);
        Set<Integer> labs = handout.write(target);
        System.out.println("handout: wrote the student edition to " + target + " (stubbed labs: " + labs + ")");
        if (noVerify) {
            return 0;
        }
        List<String> problems = handout.verify(target, labs);
        if (problems.isEmpty()) {
            System.out.println("handout: verified — the edition compiles, and every graded test of labs " + labs
                    + " fails when its lab (and every later one) is stubbed");
            return 0;
        }
        System.out.println("handout: the edition is NOT fit to hand out:");
        problems.forEach(p -> System.out.println("  - " + p));
        return 1;
    }

    private static void printRooms(Path root) throws Exception {
        Map<String, Rooms.Room> rooms = Rooms.count(new Handout(root), root);
        System.out.printf("%-8s %9s %7s%n", "room", "solution", "given");
        int raft = 0;
        for (Map.Entry<String, Rooms.Room> e : rooms.entrySet()) {
            System.out.printf("%-8s %9d %7d%n", e.getKey(), e.getValue().solution(), e.getValue().given());
            if (List.of("lab1", "lab2", "lab3", "lab5 A").contains(e.getKey())) {
                raft += e.getValue().solution();
            }
        }
        System.out.println("lines of code (not blank, comment, package or import lines); the Raft labs' solution (1, 2, 3, 5 A): "
                + raft);
    }
}
