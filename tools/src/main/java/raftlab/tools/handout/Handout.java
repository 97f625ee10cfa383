package raftlab.tools.handout;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import raftlab.tools.util.Trees;

/**
 * Writes the student edition of the repository and proves it is a fair starting point: it builds,
 * no solution is left in it, and every graded test of each lab with solution regions fails on the
 * skeleton (a test that passes without the student's code would be worth nothing).
 */
public final class Handout {
    /** Instructor-only paths, as globs relative to the root, one per line. */
    public static final String EXCLUDE_FILE = "handout.exclude";
    private static final Pattern LAB_MODULE = Pattern.compile("^lab(\\d)-[^/]+/");

    private final Path root;

    public Handout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Files the edition consists of: what git tracks (or every file), minus build output and exclusions. */
    List<Path> sourceFiles() throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(root.resolve(".git"))) {
            Process p = new ProcessBuilder("git", "ls-files", "--cached", "--others", "--exclude-standard")
                    .directory(root.toFile()).redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("git ls-files failed: " + listing);
            }
            for (String line : listing.split("\n")) {
                if (!line.isBlank() && Files.isRegularFile(root.resolve(line))) {
                    files.add(Path.of(line));
                }
            }
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(root::relativize)
                        .filter(p -> !p.toString().contains("target/") && !p.startsWith(".git") && !p.startsWith("data"))
                        .forEach(files::add);
            }
        }
        List<PathMatcher> excluded = exclusions();
        files.removeIf(f -> excluded.stream().anyMatch(m -> m.matches(f)));
        files.sort(null);
        return files;
    }

    private List<PathMatcher> exclusions() throws IOException {
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + EXCLUDE_FILE));
        Path f = root.resolve(EXCLUDE_FILE);
        if (Files.exists(f)) {
            for (String line : Files.readAllLines(f)) {
                String glob = line.strip();
                if (!glob.isEmpty() && !glob.startsWith("#")) {
                    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
                }
            }
        }
        return matchers;
    }

    /** Writes the student edition into {@code out}; returns the labs whose code had solution regions. */
    public Set<Integer> write(Path out) throws IOException, InterruptedException {
        return write(out, (path, lab) -> true, true);
    }

    /** Which solution regions (and whole solution files) an edition replaces by their stubs. */
    @FunctionalInterface
    interface Stubbing {
        boolean stubs(String path, int lab);

        /** Lab {@code first} and every later lab: what a student who finished the earlier labs has left. */
        static Stubbing fromLab(int first) {
            return (path, lab) -> lab >= first;
        }
    }

    /**
     * Writes an edition in which the regions {@code stubbing} names are stubbed and the others keep
     * their reference solution; with {@code referenceJar}, the compiled reference Raft goes with it.
     */
    Set<Integer> write(Path out, Stubbing stubbing, boolean referenceJar) throws IOException, InterruptedException {
        Set<Integer> labs = new TreeSet<>();
        for (Path rel : sourceFiles()) {
            Path src = root.resolve(rel);
            String path = rel.toString().replace('\\', '/');
            Path dst = out.resolve(rel.toString());
            if (path.endsWith(".java")) {
                String text = Files.readString(src, StandardCharsets.UTF_8);
                Matcher m = LAB_MODULE.matcher(path);
                int lab = m.find() ? Integer.parseInt(m.group(1)) : 0;
                int fileLab = SolutionStripper.solutionFileLab(text, lab);
                if (fileLab > 0) {
                    labs.add(fileLab);
                    if (stubbing.stubs(path, fileLab)) {
                        continue; // the student writes this file whole
                    }
                } else if (SolutionStripper.hasRegions(text) && lab > 0) {
                    labs.add(lab);
                }
                if (SolutionStripper.hasRegions(text)) {
                    text = SolutionStripper.edition(text, path, lab, regionLab -> stubbing.stubs(path, regionLab));
                }
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, text, StandardCharsets.UTF_8);
            } else if (path.endsWith(".md")) {
                Files.createDirectories(dst.getParent());
                Files.writeString(dst, InstructorNotes.strip(Files.readString(src, StandardCharsets.UTF_8), rel.toString()),
                        StandardCharsets.UTF_8);
            } else {
                Files.createDirectories(dst.getParent());
                Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        if (referenceJar) {
            ReferenceRaft.build(root, out.resolve(ReferenceRaft.JAR)); // so labs 4-5 can start before the student's Raft works
        }
        return labs;
    }

    /**
     * Checks the edition in {@code out}: no solution markers, and it compiles. Then, for each lab N of
     * {@code labs}, builds the edition of a student who has finished the labs before N (they keep the
     * reference; lab N and later are stubbed, since later labs build on N's classes) and checks that
     * every graded test of lab N fails on it: each test must depend on its own lab's code, not merely
     * on an earlier lab being missing. Returns the problems found.
     */
    public List<String> verify(Path out, Set<Integer> labs) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (SolutionStripper.hasRegions(Files.readString(p, StandardCharsets.UTF_8))) { // markers of either kind
                    problems.add(out.relativize(p) + " still contains a solution marker");
                }
            }
        }
        Path log = out.resolve("target/handout-verify.log");
        Files.createDirectories(log.getParent());
        System.out.println("handout: compiling the student edition (mvn test-compile) ...");
        if (run(out, log, "mvn", "-B", "-q", "test-compile") != 0) {
            problems.add("the student edition does not compile; see " + log);
            return problems;
        }
        for (int lab : labs) {
            Path variant = Files.createTempDirectory("raftlab-handout-lab" + lab + "-");
            write(variant, Stubbing.fromLab(lab), false);
            System.out.println("handout: " + (lab == 5 ? "lab 5" : "labs " + lab + "-5") + " stubbed: lab " + lab
                    + "'s graded tests must all fail ...");
            run(variant, log, "./raftlab", "grade", "lab" + lab, "--seeds", "1", "--out", "target/handout-check");
            Path gradeJson = variant.resolve("target/handout-check/grade.json");
            if (!Files.exists(gradeJson)) {
                problems.add("grading lab " + lab + "'s skeleton produced no grade.json; see " + log);
                continue;
            }
            JsonObject report = JsonParser.parseString(Files.readString(gradeJson)).getAsJsonObject();
            int tests = 0;
            for (JsonElement e : report.getAsJsonArray("tests")) {
                JsonObject t = e.getAsJsonObject();
                tests++;
                if (t.get("passes").getAsInt() > 0) {
                    problems.add("graded test " + t.get("id").getAsString() + " passes with lab " + lab
                            + " stubbed: it cannot tell a solution from a stub");
                }
            }
            if (tests == 0) {
                problems.add("no graded tests ran for lab " + lab);
            }
            System.out.println("handout: lab " + lab + ": " + tests + " graded tests checked on its skeleton");
            Trees.delete(variant);
        }
        if (labs.containsAll(ReferenceRaft.LABS)) {
            checkReferenceRaft(log, problems);
        }
        return problems;
    }

    /**
     * With the Raft stubbed (labs 1–3 and lab 5's part A) and the key/value labs the reference, grading
     * labs 4 and 5 on the shipped reference Raft must score full marks: the jar is what a student whose
     * Raft is unfinished works on.
     */
    private void checkReferenceRaft(Path log, List<String> problems) throws IOException, InterruptedException {
        Path variant = Files.createTempDirectory("raftlab-handout-reference-raft-");
        write(variant, (path, lab) -> ReferenceRaft.LABS.contains(lab) || ReferenceRaft.isRaftSource(path), true);
        System.out.println("handout: the Raft stubbed, labs 4-5 graded on the shipped reference Raft: they must pass ...");
        run(variant, log, "./raftlab", "grade", "lab4", "lab5", "--seeds", "1", "--raft", "reference", "--out", "target/handout-raft");
        Path gradeJson = variant.resolve("target/handout-raft/grade.json");
        if (!Files.exists(gradeJson)) {
            problems.add("grading labs 4-5 on the reference Raft produced no grade.json; see " + log);
            return;
        }
        JsonObject report = JsonParser.parseString(Files.readString(gradeJson)).getAsJsonObject();
        if (report.get("score").getAsInt() != report.get("maxScore").getAsInt()) {
            problems.add("labs 4-5 score " + report.get("score") + "/" + report.get("maxScore")
                    + " on the shipped reference Raft (with the Raft stubbed); see " + variant.resolve("target/handout-raft"));
            return;
        }
        System.out.println("handout: labs 4-5 pass on the shipped reference Raft (" + ReferenceRaft.JAR + ")");
        Trees.delete(variant);
    }

    private static int run(Path dir, Path log, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 30 minutes");
        }
        return p.exitValue();
    }
}
