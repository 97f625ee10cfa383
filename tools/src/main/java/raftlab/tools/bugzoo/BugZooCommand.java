package raftlab.tools.bugzoo;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raftlab.tools.util.Trees;

/**
 * {@code raftlab bugzoo [LAB…]}: puts each known student bug into a scratch copy of the reference,
 * grades its lab, and prints which tests catch it. It fails if any bug goes uncaught, or if a
 * failure left no timeline showing it, so the suites' strength cannot silently regress.
 */
@Command(name = "bugzoo", mixinStandardHelpOptions = true,
        description = "Instructors: apply each known student bug (bugzoo/<lab>/*.patch) to a scratch copy of the reference,"
                + " grade its lab, and list the tests that catch it. Exits 1 if any bug is not caught.")
public final class BugZooCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "LAB", description = "lab1 … lab5, or lab/bug (e.g. lab2/apply-out-of-order); default: every bug")
    List<String> only = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "5", description = "seeds per bug (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "P", description = "bugs graded at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--quick", description = "stop grading each bug at the first seed that catches it (what CI runs); the"
            + " full run (default) counts every catching test over every seed, for the table in docs/grading.md")
    boolean quick;

    @Option(names = "--keep", description = "keep every scratch copy (by default only those of bugs not caught)")
    boolean keep;

    @Option(names = "--out", defaultValue = "target/bugzoo", description = "where bugzoo.json goes (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || parallel < 1) {
            throw new IllegalArgumentException("--seeds and --parallel must be at least 1");
        }
        Path root = Path.of(System.getProperty("raftlab.root", ".")).toAbsolutePath().normalize();
        Path zoo = root.resolve("bugzoo");
        if (!Files.isDirectory(zoo)) {
            throw new IllegalArgumentException("no bug zoo at " + zoo + " (it is instructor-only: the student edition has none)");
        }
        List<ZooBug> bugs = select(zoo);
        if (bugs.isEmpty()) {
            throw new IllegalArgumentException("no bug matches " + only + "; the zoo has " + String.join(", ", list(zoo)));
        }
        System.out.printf(Locale.ROOT, "bug zoo: %d bug(s), %s %d seed(s) each, %d at a time%n", bugs.size(),
                quick ? "until caught, at most" : "", seeds, parallel);
        long start = System.nanoTime();
        BugTrial trial = new BugTrial(root, System.getProperty("java.class.path"), seeds, quick);
        List<BugTrial.Result> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<BugTrial.Result>> pending = new ArrayList<>();
            for (ZooBug bug : bugs) {
                pending.add(pool.submit(() -> trial.run(bug)));
            }
            for (Future<BugTrial.Result> f : pending) {
                BugTrial.Result r = f.get();
                results.add(r);
                System.out.println(line(r));
                if (keep || r.status() != BugTrial.Status.CAUGHT || !evidence(r)) {
                    if (r.scratch() != null) {
                        System.out.println("            scratch copy kept: " + r.scratch());
                    }
                } else {
                    Trees.delete(r.scratch());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long caught = results.stream().filter(r -> r.status() == BugTrial.Status.CAUGHT && evidence(r)).count();
        long missed = results.stream().filter(r -> r.status() == BugTrial.Status.NOT_CAUGHT).count();
        long broken = results.stream().filter(r -> r.status() == BugTrial.Status.BROKEN).count();
        System.out.printf(Locale.ROOT, "%n%d of %d bugs caught in %.0f s%s%s%s%n", caught, results.size(), seconds,
                missed == 0 ? "" : "; " + missed + " NOT CAUGHT: the suites have a gap",
                broken == 0 ? "" : "; " + broken + " BROKEN: the patch does not apply or compile, or grading did not finish",
                caught + missed + broken == results.size() ? "" : "; the rest left no timeline showing their failure");
        write(results, seconds);
        return caught == results.size() ? 0 : 1;
    }

    /** A caught bug must also leave, for its first failure, a timeline page that shows the failure. */
    private static boolean evidence(BugTrial.Result r) {
        return r.catches().stream().allMatch(BugTrial.Catch::timelineShowsFailure);
    }

    private List<ZooBug> select(Path zoo) throws IOException {
        List<ZooBug> bugs = new ArrayList<>();
        try (Stream<Path> labs = Files.list(zoo)) {
            for (Path lab : labs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> patches = Files.list(lab)) {
                    for (Path p : patches.filter(f -> f.toString().endsWith(".patch")).sorted().toList()) {
                        ZooBug bug = ZooBug.read(p);
                        if (only.isEmpty() || only.contains(bug.lab()) || only.contains(bug.id())) {
                            bugs.add(bug);
                        }
                    }
                }
            }
        }
        return bugs;
    }

    private static List<String> list(Path zoo) throws IOException {
        try (Stream<Path> s = Files.walk(zoo, 2)) {
            return s.filter(f -> f.toString().endsWith(".patch"))
                    .map(f -> zoo.relativize(f).toString().replace(".patch", "")).sorted().toList();
        }
    }

    private static String line(BugTrial.Result r) {
        String head = String.format(Locale.ROOT, "%-11s %-38s %5.0fs  ", switch (r.status()) {
            case CAUGHT -> evidence(r) ? "caught" : "NO TIMELINE";
            case NOT_CAUGHT -> "NOT CAUGHT";
            case BROKEN -> "BROKEN";
        }, r.bug().id(), r.seconds());
        if (r.status() == BugTrial.Status.BROKEN) {
            return head + r.problem();
        }
        if (r.status() == BugTrial.Status.NOT_CAUGHT) {
            return head + r.bug().description();
        }
        return head + "by " + r.catches().stream().map(c -> c.test() + " " + c.failed() + "/" + c.runs() + (c.safety() ? " (safety)" : ""))
                .collect(Collectors.joining(", "));
    }

    private void write(List<BugTrial.Result> results, double seconds) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("seeds", seeds);
        root.addProperty("quick", quick);
        root.addProperty("seconds", seconds);
        JsonArray bugs = new JsonArray();
        for (BugTrial.Result r : results) {
            JsonObject b = new JsonObject();
            b.addProperty("id", r.bug().id());
            b.addProperty("description", r.bug().description());
            b.addProperty("status", r.status().name().toLowerCase(Locale.ROOT));
            b.addProperty("seconds", r.seconds());
            JsonArray catches = new JsonArray();
            for (BugTrial.Catch c : r.catches()) {
                JsonObject o = new JsonObject();
                o.addProperty("test", c.test());
                o.addProperty("failed", c.failed());
                o.addProperty("runs", c.runs());
                o.addProperty("safety", c.safety());
                catches.add(o);
            }
            b.add("caughtBy", catches);
            if (r.problem() != null) {
                b.addProperty("problem", r.problem());
            }
            bugs.add(b);
        }
        root.add("bugs", bugs);
        Files.createDirectories(out);
        Files.writeString(out.resolve("bugzoo.json"), new GsonBuilder().setPrettyPrinting().create().toJson(root), StandardCharsets.UTF_8);
    }
}
