package raftlab.tools.report;

import java.util.ArrayList;
import java.util.List;
import raftlab.tester.junit.GradedTest;

/**
 * One graded test across all its runs. Policy (docs/grading.md): a test earns its points only if it
 * passes on every run; one failure, and in particular any safety violation, scores zero.
 */
public final class TestScore {
    private final GradedTest test;
    private final List<Outcome> runs = new ArrayList<>();

    public TestScore(GradedTest test) {
        this.test = test;
    }

    public void add(Outcome o) {
        runs.add(o);
    }

    public GradedTest test() {
        return test;
    }

    public List<Outcome> runs() {
        return runs;
    }

    public int passes() {
        return (int) runs.stream().filter(Outcome::passed).count();
    }

    public int safetyFailures() {
        return (int) runs.stream().filter(Outcome::safety).count();
    }

    public List<Outcome> failures() {
        return runs.stream().filter(o -> !o.passed()).toList();
    }

    public int score() {
        return !runs.isEmpty() && passes() == runs.size() ? test.points() : 0;
    }

    public double meanVirtualSeconds() {
        return runs.stream().filter(o -> o.mode() == raftlab.tester.harness.Mode.SIM)
                .mapToLong(o -> o.figure("virtualMs")).average().orElse(0) / 1000.0;
    }

    /** Mean wall time of the simulated runs. */
    public double meanWallSeconds() {
        return runs.stream().filter(o -> o.mode() == raftlab.tester.harness.Mode.SIM)
                .mapToLong(o -> o.figure("wallMs")).average().orElse(0) / 1000.0;
    }

    /** Mean CPU seconds per run (the test thread's in simulation, the whole process's in real mode). */
    public double meanCpuSeconds() {
        return runs.stream().mapToLong(o -> o.figure("cpuMs")).average().orElse(0) / 1000.0;
    }

    /** What these runs predict for an official run of {@code officialRuns} runs. */
    public Prediction prediction(int officialRuns) {
        return new Prediction(passes(), runs.size(), safetyFailures() > 0, officialRuns);
    }

    /** Wall time of the real-mode run(s), or -1 if there was none. */
    public double realWallSeconds() {
        return runs.stream().filter(o -> o.mode() == raftlab.tester.harness.Mode.REAL)
                .mapToLong(o -> o.figure("wallMs")).average().orElse(-1000) / 1000.0;
    }
}
