package raftlab.tools.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import raftlab.tester.junit.GradedTest;

/** The result of a grading run: the score table, {@code grade.json} and Gradescope's {@code results.json}. */
public final class GradeReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final int MAX_OUTPUT_CHARS = 4_000;

    /** The course's recommended final grading (docs/grading.md): 50 simulated seeds and one real-mode run. */
    public static final int DEFAULT_OFFICIAL_RUNS = 51;

    private final Map<String, TestScore> scores = new LinkedHashMap<>();
    private final String title;
    private final double wallSeconds;
    private final int officialRuns;

    public GradeReport(String title, List<GradedTest> tests, List<Outcome> outcomes, double wallSeconds) {
        this(title, tests, outcomes, wallSeconds, DEFAULT_OFFICIAL_RUNS);
    }

    /** @param officialRuns runs per test in the official grading, for the prediction */
    public GradeReport(String title, List<GradedTest> tests, List<Outcome> outcomes, double wallSeconds, int officialRuns) {
        this.title = title;
        this.wallSeconds = wallSeconds;
        this.officialRuns = officialRuns;
        for (GradedTest t : tests) {
            scores.put(t.id(), new TestScore(t));
        }
        for (Outcome o : outcomes) {
            scores.get(o.test().id()).add(o);
        }
    }

    public List<TestScore> scores() {
        return new ArrayList<>(scores.values());
    }

    /** The required tests' score: what full marks are measured against. */
    public int score() {
        return required().mapToInt(TestScore::score).sum();
    }

    public int maxScore() {
        return required().mapToInt(s -> s.test().points()).sum();
    }

    /** Extra credit: the points of optional parts' tests (see {@link raftlab.tester.junit.Graded#optional}). */
    public int optionalScore() {
        return scores.values().stream().filter(s -> s.test().optional()).mapToInt(TestScore::score).sum();
    }

    public int optionalMaxScore() {
        return scores.values().stream().filter(s -> s.test().optional()).mapToInt(s -> s.test().points()).sum();
    }

    private java.util.stream.Stream<TestScore> required() {
        return scores.values().stream().filter(s -> !s.test().optional());
    }

    /** The total line's score: the required tests', then any optional part's. */
    String scoreText() {
        return score() + "/" + maxScore() + (optionalMaxScore() == 0 ? "" : " + optional " + optionalScore() + "/" + optionalMaxScore());
    }

    public boolean fullMarks() {
        return score() == maxScore();
    }

    /** The expected score of the official run if every test passes at the rate seen here. */
    public double predictedScore() {
        return required().mapToDouble(s -> s.prediction(officialRuns).expectedPoints(s.test().points())).sum();
    }

    /** The score of the official run these runs guarantee with 95 % confidence (per test; see {@link Prediction#pointsAtLeast}). */
    public double guaranteedScore() {
        return required().mapToDouble(s -> s.prediction(officialRuns).pointsAtLeast(s.test().points())).sum();
    }

    /**
     * What these runs guarantee with 95 % confidence, when that says something: a handful of seeds
     * guarantees about nothing, and then the line says how many would.
     */
    String guarantee() {
        double floor = guaranteedScore();
        if (maxScore() > 0 && floor >= 0.1 * maxScore()) {
            return String.format(Locale.ROOT, "at least %.1f with 95%% confidence", floor);
        }
        return String.format(Locale.ROOT, "no floor yet (%d clean seeds per test would guarantee half the points, 95%% sure)",
                Prediction.runsToGuarantee(0.5, officialRuns));
    }

    public int officialRuns() {
        return officialRuns;
    }

    /** The fewest runs any test had (what the prediction's confidence rests on). */
    int fewestRuns() {
        return scores.values().stream().mapToInt(s -> s.runs().size()).min().orElse(0);
    }

    public void printTable(PrintStream out) {
        out.println();
        out.println(title);
        int w = Math.max(36, scores.values().stream().mapToInt(t -> t.test().id().length() + (t.test().optional() ? 11 : 0)).max().orElse(0));
        String row = "%-" + w + "s %7s %9s %13s %9s %8s %9s %9s %9s  %s%n";
        out.printf(Locale.ROOT, row, "test", "points", "passed", "pass rate CI", "predicted", "cpu/run", "sim:virt",
                "sim:wall", "real:wall", "failing seeds");
        for (TestScore s : scores.values()) {
            String failing = s.failures().stream().map(o -> o.seed() + (o.mode().lower().equals("sim") ? "" : "(" + o.mode().lower() + ")")
                    + (o.safety() ? "!" : "")).distinct().limit(8).collect(Collectors.joining(" "));
            Prediction p = s.prediction(officialRuns);
            String real = s.realWallSeconds() < 0 ? "-" : String.format(Locale.ROOT, "%.1fs", s.realWallSeconds());
            out.printf(Locale.ROOT, row, s.test().id() + (s.test().optional() ? " (optional)" : ""), s.score() + "/" + s.test().points(), s.passes() + "/" + s.runs().size(),
                    p.intervalText(), String.format(Locale.ROOT, "%.1f", p.expectedPoints(s.test().points())),
                    String.format(Locale.ROOT, "%.2fs", s.meanCpuSeconds()), String.format(Locale.ROOT, "%.1fs", s.meanVirtualSeconds()),
                    String.format(Locale.ROOT, "%.2fs", s.meanWallSeconds()), real, failing);
        }
        out.printf(Locale.ROOT, "%-" + w + "s %7s   predicted %.1f at the pass rates seen, %s   (%.1f s wall; '!' marks a"
                        + " safety violation)%n", "total", scoreText(), predictedScore(), guarantee(), wallSeconds);
        out.println(predictionNote());
        for (TestScore s : scores.values()) {
            List<Outcome> failures = s.failures();
            if (failures.isEmpty()) {
                continue;
            }
            out.println();
            out.println(s.test().id() + " failed (first failure):");
            out.println(indent(failures.get(0).message()));
            if (failures.size() > 1) {
                out.println("  every failing run of " + s.test().id() + ":");
                failures.stream().limit(10).forEach(o -> out.println("    seed " + o.seed() + " (" + o.mode().lower() + ")"
                        + (o.safety() ? " SAFETY" : "") + ": " + timeline(o) + "   " + s.test().reproduceCommand(o.seed(), o.mode().lower())));
                if (failures.size() > 10) {
                    out.println("    … and " + (failures.size() - 10) + " more in grade.json");
                }
            }
        }
    }

    /** How far to trust the prediction: the official run's size and the failure rate these runs could hide. */
    String predictionNote() {
        int runs = fewestRuns();
        Prediction clean = new Prediction(runs, runs, false, officialRuns);
        long hidden = Math.round(1 / Math.max(1e-9, clean.hiddenFailureRate()));
        return String.format(Locale.ROOT, "prediction: the official run grades each test over %d runs and a test keeps its points only if"
                        + " all pass. With %d run(s) per test here, a failure rate of 1 in %d could still go unseen (95%%);"
                        + " a test failing 1 in 1,000 passes %d runs %.0f%% of the time; --seeds %d rules that out.",
                officialRuns, runs, hidden, officialRuns, 100 * Math.pow(0.999, officialRuns), Prediction.seedsToRuleOut(1000));
    }

    /** A failing run's timeline page (next to its trace), or its trace if it has none. */
    static String timeline(Outcome o) {
        String trace = o.figures().getOrDefault("raftlab.trace", "");
        return trace.isEmpty() ? "(no trace)" : trace.replaceFirst("\\.jsonl$", ".html");
    }

    public String title() {
        return title;
    }

    public double wallSeconds() {
        return wallSeconds;
    }

    /** Writes {@code grade.json}, Gradescope's {@code results.json} and {@code report.html} into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("grade.json"), GSON.toJson(gradeJson()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.json"), GSON.toJson(gradescopeJson()), StandardCharsets.UTF_8);
        HtmlGradeReport.write(dir.resolve("report.html"), this);
    }

    JsonObject gradeJson() {
        JsonObject root = new JsonObject();
        root.addProperty("title", title);
        root.addProperty("score", score());
        root.addProperty("maxScore", maxScore());
        root.addProperty("optionalScore", optionalScore());
        root.addProperty("optionalMaxScore", optionalMaxScore());
        root.addProperty("wallSeconds", wallSeconds);
        root.addProperty("policy", "a test scores its points only if it passes on every run");
        root.addProperty("officialRuns", officialRuns);
        root.addProperty("predictedScore", predictedScore());
        root.addProperty("scoreAtLeast95", guaranteedScore());
        root.addProperty("prediction", predictionNote());
        JsonArray tests = new JsonArray();
        for (TestScore s : scores.values()) {
            GradedTest t = s.test();
            JsonObject o = new JsonObject();
            o.addProperty("id", t.id());
            o.addProperty("lab", t.lab());
            o.addProperty("part", t.part());
            o.addProperty("description", t.description());
            o.addProperty("points", t.points());
            o.addProperty("optional", t.optional());
            o.addProperty("score", s.score());
            o.addProperty("runs", s.runs().size());
            o.addProperty("passes", s.passes());
            o.addProperty("safetyFailures", s.safetyFailures());
            o.addProperty("meanVirtualSeconds", s.meanVirtualSeconds());
            o.addProperty("meanSimWallSeconds", s.meanWallSeconds());
            o.addProperty("realWallSeconds", s.realWallSeconds());
            o.addProperty("meanCpuSeconds", s.meanCpuSeconds());
            Prediction p = s.prediction(officialRuns);
            JsonArray ci = new JsonArray();
            ci.add(p.interval()[0]);
            ci.add(p.interval()[1]);
            o.add("passRate95", ci);
            o.addProperty("chanceOfPoints", p.chanceOfPoints());
            o.addProperty("predictedPoints", p.expectedPoints(t.points()));
            o.addProperty("pointsAtLeast95", p.pointsAtLeast(t.points()));
            JsonArray failures = new JsonArray();
            for (Outcome f : s.failures()) {
                JsonObject fo = new JsonObject();
                fo.addProperty("seed", f.seed());
                fo.addProperty("mode", f.mode().lower());
                fo.addProperty("safety", f.safety());
                fo.addProperty("message", f.message());
                fo.addProperty("trace", f.figures().getOrDefault("raftlab.trace", ""));
                fo.addProperty("timeline", timeline(f));
                fo.addProperty("reproduce", t.reproduceCommand(f.seed(), f.mode().lower()));
                failures.add(fo);
            }
            o.add("failures", failures);
            tests.add(o);
        }
        root.add("tests", tests);
        return root;
    }

    JsonObject gradescopeJson() {
        JsonObject root = new JsonObject();
        root.addProperty("score", score() + optionalScore()); // optional parts are extra credit beyond the maximum
        root.addProperty("execution_time", Math.round(wallSeconds));
        root.addProperty("output", title + ": " + scoreText()
                + ". A test earns its points only if it passes on every seed; failing seeds are listed per test with the command that reproduces them.");
        root.addProperty("stdout_visibility", "hidden");
        JsonArray tests = new JsonArray();
        int[] numberInLab = new int[6];
        for (TestScore s : scores.values()) {
            GradedTest t = s.test();
            JsonObject o = new JsonObject();
            o.addProperty("name", t.id() + ": " + t.description());
            o.addProperty("number", t.lab() + "." + (++numberInLab[t.lab()]));
            o.addProperty("score", s.score());
            o.addProperty("max_score", t.optional() ? 0 : t.points()); // Gradescope's extra credit: a score above a max of 0
            o.addProperty("status", s.score() == t.points() ? "passed" : "failed");
            StringBuilder out = new StringBuilder(s.passes() + "/" + s.runs().size() + " runs passed.");
            for (Outcome f : s.failures()) {
                out.append("\n\nseed ").append(f.seed()).append(" (").append(f.mode().lower()).append(")")
                        .append(f.safety() ? " SAFETY VIOLATION" : "").append(":\n").append(f.message());
                if (out.length() > MAX_OUTPUT_CHARS) {
                    out.setLength(MAX_OUTPUT_CHARS);
                    out.append("\n… (truncated)");
                    break;
                }
            }
            o.addProperty("output", out.toString());
            JsonArray tags = new JsonArray();
            tags.add("lab" + t.lab());
            if (!t.part().isEmpty()) {
                tags.add("part " + t.part());
            }
            if (t.optional()) {
                tags.add("optional (extra credit)");
            }
            o.add("tags", tags);
            o.addProperty("visibility", "visible");
            tests.add(o);
        }
        root.add("tests", tests);
        return root;
    }

    private static String indent(String s) {
        return "  " + s.replace("\n", "\n  ");
    }
}
