package raftlab.tools.bugzoo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Puts one bug into a scratch copy of the labs it touches and grades its lab. Only the patched
 * modules are copied and compiled (javac, in dependency order); their classes go first on the
 * grader's class path, so they shadow the reference's and everything else stays as built. This
 * makes a bug a few seconds of compiling, not a whole Maven build.
 */
final class BugTrial {
    /** What grading the bug found: the catching tests, and whether each failure left a trace and a timeline. */
    record Result(ZooBug bug, Status status, List<Catch> catches, double seconds, Path scratch, String problem) {
    }

    enum Status { CAUGHT, NOT_CAUGHT, BROKEN }

    /** A test that failed with the bug in: how often, whether as a safety violation, and its first failure's files. */
    record Catch(String test, int failed, int runs, boolean safety, String timeline, boolean timelineShowsFailure) {
    }

    private final Path root;
    private final String classPath;
    private final int seeds;
    private final boolean quick;

    /** @param quick stop grading a bug at the first seed that catches it */
    BugTrial(Path root, String classPath, int seeds, boolean quick) {
        this.root = root;
        this.classPath = classPath;
        this.seeds = seeds;
        this.quick = quick;
    }

    Result run(ZooBug bug) {
        long start = System.nanoTime();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("raftlab-bugzoo-" + bug.lab() + "-" + bug.name() + "-");
            String patchedClasses = patchAndCompile(bug, scratch);
            Path grade = scratch.resolve("grade");
            Path log = scratch.resolve("grade.log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", patchedClasses + File.pathSeparator + classPath,
                    "-Draftlab.root=" + root, "-Draftlab.traceDir=" + scratch.resolve("traces"),
                    "raftlab.tools.cli.RaftLabCli", "grade", bug.lab(), "--seeds", Integer.toString(seeds), "--out", grade.toString()));
            if (quick) {
                cmd.add("--until-failure");
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                if (!p.waitFor(30, TimeUnit.MINUTES)) {
                    return broken(bug, start, scratch, "grading did not finish in 30 minutes; see " + log);
                }
            } finally {
                p.destroyForcibly(); // never leave a grader running behind us (an interrupt lands here too)
            }
            Path json = grade.resolve("grade.json");
            if (!Files.exists(json)) {
                return broken(bug, start, scratch, "grading did not run (exit " + p.exitValue() + "); see " + log);
            }
            List<Catch> catches = catches(json);
            Status status = catches.isEmpty() ? Status.NOT_CAUGHT : Status.CAUGHT;
            return new Result(bug, status, catches, seconds(start), scratch, null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return broken(bug, start, scratch, e.getMessage());
        }
    }

    private static Result broken(ZooBug bug, long start, Path scratch, String problem) {
        return new Result(bug, Status.BROKEN, List.of(), seconds(start), scratch, problem);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Copies the touched modules' sources, applies the patch, compiles; returns the class directories, first first. */
    private String patchAndCompile(ZooBug bug, Path scratch) throws IOException, InterruptedException {
        for (String module : bug.modules()) {
            copyTree(root.resolve(module).resolve("src/main/java"), scratch.resolve(module).resolve("src/main/java"));
        }
        Process git = new ProcessBuilder("git", "apply", "-p1", bug.patch().toAbsolutePath().toString())
                .directory(scratch.toFile()).redirectErrorStream(true).start();
        String gitOut = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (git.waitFor() != 0) {
            throw new IllegalStateException("the patch no longer applies to the reference: " + gitOut.trim());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this JVM (run with a JDK, not a JRE)");
        }
        List<String> dirs = new ArrayList<>();
        for (String module : bug.modules()) {
            Path out = Files.createDirectories(scratch.resolve("classes").resolve(module));
            List<String> args = new ArrayList<>(List.of("-nowarn", "-proc:none", "-encoding", "UTF-8", "--release", "17",
                    "-d", out.toString(), "-cp", String.join(File.pathSeparator, dirs) + File.pathSeparator + classPath));
            try (Stream<Path> files = Files.walk(scratch.resolve(module).resolve("src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
            }
            java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
            if (javac.run(null, errors, errors, args.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("the patched " + module + " does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
            }
            dirs.add(0, out.toString()); // a later module's patched classes see this one's
        }
        return String.join(File.pathSeparator, dirs);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static List<Catch> catches(Path gradeJson) throws IOException {
        JsonObject grade = JsonParser.parseString(Files.readString(gradeJson)).getAsJsonObject();
        List<Catch> out = new ArrayList<>();
        for (JsonElement e : grade.getAsJsonArray("tests")) {
            JsonObject t = e.getAsJsonObject();
            int runs = t.get("runs").getAsInt();
            int passes = t.get("passes").getAsInt();
            if (passes == runs) {
                continue;
            }
            JsonObject first = t.getAsJsonArray("failures").get(0).getAsJsonObject();
            String timeline = first.get("timeline").getAsString();
            out.add(new Catch(t.get("id").getAsString().replaceFirst("^lab\\d\\.", ""), runs - passes, runs,
                    t.get("safetyFailures").getAsInt() > 0, timeline, showsFailure(Path.of(timeline))));
        }
        return out;
    }

    /** The failing run's timeline page exists and holds the failure the viewer jumps to. */
    private static boolean showsFailure(Path page) {
        try {
            return Files.exists(page) && Files.readString(page).contains("\"failure\":{\"seq\":");
        } catch (IOException e) {
            return false;
        }
    }
}
