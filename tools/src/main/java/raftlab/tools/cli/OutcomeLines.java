package raftlab.tools.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import java.util.Map;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tools.report.Outcome;

/**
 * How a grading worker process hands its outcomes to the parent: one JSON object per line, behind a
 * marker so that nothing else a test prints can be mistaken for one.
 */
final class OutcomeLines {
    static final String OUTCOME = "@@raftlab-outcome ";
    static final String DONE = "@@raftlab-done ";
    private static final Gson GSON = new Gson();
    private static final java.lang.reflect.Type FIGURES = new TypeToken<Map<String, String>>() { }.getType();

    private OutcomeLines() {
    }

    static String encode(Outcome o) {
        JsonObject j = new JsonObject();
        j.addProperty("test", o.test().id());
        j.addProperty("seed", o.seed());
        j.addProperty("mode", o.mode().lower());
        j.addProperty("passed", o.passed());
        j.addProperty("safety", o.safety());
        j.addProperty("message", o.message());
        j.add("figures", GSON.toJsonTree(o.figures(), FIGURES));
        j.addProperty("output", o.output());
        return OUTCOME + GSON.toJson(j);
    }

    /** The outcome on {@code line}, its test looked up by id in {@code tests}. */
    static Outcome decode(String line, Map<String, GradedTest> tests) {
        JsonObject j = GSON.fromJson(line.substring(OUTCOME.length()), JsonObject.class);
        GradedTest t = tests.get(j.get("test").getAsString());
        if (t == null) {
            throw new IllegalStateException("a worker reported an unknown test " + j.get("test"));
        }
        Map<String, String> figures = GSON.fromJson(j.get("figures"), FIGURES);
        return new Outcome(t, j.get("seed").getAsLong(), Mode.parse(j.get("mode").getAsString()), j.get("passed").getAsBoolean(),
                j.get("safety").getAsBoolean(), j.get("message").getAsString(), figures, j.get("output").getAsString());
    }
}
