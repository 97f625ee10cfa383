package raftlab.tools.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;

/** The grade files: all-or-nothing scoring per test, grade.json, Gradescope's results.json, report.html. */
class GradeReportTest {
    private static final GradedTest A = new GradedTest("lab1.Alpha", "Alpha", 1, "", 10, "alpha works", "C", "alpha", false);
    private static final GradedTest B = new GradedTest("lab1.Beta", "Beta", 1, "", 15, "beta works", "C", "beta", false);
    private static final GradedTest EXTRA = new GradedTest("lab1.Extra", "Extra", 1, "X", 5, "extra works", "C", "extra", true);

    private static Outcome run(GradedTest t, long seed, boolean passed, boolean safety) {
        return new Outcome(t, seed, Mode.SIM, passed, safety, passed ? "" : "boom <here>",
                Map.of("raftlab.virtualMs", "2000", "raftlab.wallMs", "10"), "");
    }

    @Test
    void aTestScoresOnlyIfEveryRunPasses(@TempDir Path dir) throws Exception {
        GradeReport r = new GradeReport("title", List.of(A, B),
                List.of(run(A, 1, true, false), run(A, 2, true, false), run(B, 1, true, false), run(B, 2, false, true)), 1.5);
        assertEquals(10, r.score());
        assertEquals(25, r.maxScore());
        r.write(dir);

        JsonObject grade = JsonParser.parseString(Files.readString(dir.resolve("grade.json"))).getAsJsonObject();
        assertEquals(10, grade.get("score").getAsInt());
        JsonObject beta = grade.getAsJsonArray("tests").get(1).getAsJsonObject();
        assertEquals(1, beta.get("safetyFailures").getAsInt());
        assertEquals("./raftlab test lab1 Beta --seed 2",
                beta.getAsJsonArray("failures").get(0).getAsJsonObject().get("reproduce").getAsString());

        JsonObject gs = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        assertEquals(10, gs.get("score").getAsInt());
        assertEquals("hidden", gs.get("stdout_visibility").getAsString());
        JsonObject t1 = gs.getAsJsonArray("tests").get(1).getAsJsonObject();
        assertEquals("failed", t1.get("status").getAsString());
        assertEquals(15, t1.get("max_score").getAsInt());
        assertEquals("1.2", t1.get("number").getAsString());
        assertTrue(t1.get("output").getAsString().contains("SAFETY VIOLATION"));

        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("lab1.Beta") && html.contains("boom &lt;here&gt;") && !html.contains("<here>"), html);
    }

    @Test
    void optionalPartsAreExtraCredit(@TempDir Path dir) throws Exception {
        GradeReport failed = new GradeReport("title", List.of(A, EXTRA), List.of(run(A, 1, true, false), run(EXTRA, 1, false, false)), 1);
        assertTrue(failed.fullMarks(), "an optional test's failure must not cost full marks");
        assertEquals(10, failed.maxScore());
        assertEquals(0, failed.optionalScore());
        assertEquals(5, failed.optionalMaxScore());

        GradeReport passed = new GradeReport("title", List.of(A, EXTRA), List.of(run(A, 1, true, false), run(EXTRA, 1, true, false)), 1);
        assertEquals("10/10 + optional 5/5", passed.scoreText());
        passed.write(dir);
        JsonObject gs = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
        assertEquals(15, gs.get("score").getAsInt(), "Gradescope's total: the maximum plus the extra credit");
        JsonObject extra = gs.getAsJsonArray("tests").get(1).getAsJsonObject();
        assertEquals(0, extra.get("max_score").getAsInt());
        assertEquals(5, extra.get("score").getAsInt());
        assertTrue(extra.getAsJsonArray("tags").toString().contains("optional"));
    }
}
