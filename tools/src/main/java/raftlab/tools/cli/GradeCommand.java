package raftlab.tools.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tools.report.GradeReport;
import raftlab.tools.report.Outcome;

/** {@code raftlab grade}: every graded test of the chosen labs over many seeds, then a score table. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = "Run the graded tests of the given labs (default: all) over N seeds in simulation and/or once in"
                + " real mode; print a score table and write grade.json, Gradescope's results.json and report.html.")
public final class GradeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "LAB", description = "lab1 … lab5 (default: every lab)")
    List<String> labs = new ArrayList<>();

    @Option(names = "--seeds", defaultValue = "5", description = "simulation seeds per test (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "first seed (default ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--mode", defaultValue = "sim", description = "sim, real or both (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--out", defaultValue = "target/grade", description = "report directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--parallel", defaultValue = "1", paramLabel = "P",
            description = "run simulated seeds in P worker processes at once (default ${DEFAULT-VALUE}; the real-mode run"
                    + " always runs alone, since its timing must not compete for the CPU)")
    int parallel;

    @Option(names = "--raft", defaultValue = "own", paramLabel = "own|reference",
            description = "whose Raft labs 4-5 run on: your labs 1-3 (own, default) or the compiled reference that ships"
                    + " with the handout (reference)")
    String raft;

    @Option(names = "--until-failure",
            description = "stop at the first seed on which any test fails, skipping the rest (a quick check that a bug is"
                    + " caught, as the bug zoo's --quick does); the table covers the seeds that ran")
    boolean untilFailure;

    @Option(names = "--check-replay",
            description = "run the first seed once more and fail unless every test leaves the same trace (digest) again:"
                    + " a seed that does not reproduce its run is no help in debugging it")
    boolean checkReplay;

    @Option(names = "--optional-too",
            description = "exit 0 only if optional parts score full marks as well (CI grading the reference; a student's"
                    + " full marks never need them)")
    boolean optionalToo;

    @Option(names = "--test", paramLabel = "TEST",
            description = "only this graded test (e.g. ReElection): to find the rare seed that fails it")
    String test;

    @Option(names = "--official-seeds", defaultValue = "50", paramLabel = "N",
            description = "seeds of the official grading run, for the predicted grade (default ${DEFAULT-VALUE}, plus one"
                    + " real-mode run; see docs/debugging.md, section 2)")
    int officialSeeds;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1");
        }
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("--parallel must be between 1 and 64");
        }
        if (officialSeeds < 1) {
            throw new IllegalArgumentException("--official-seeds must be at least 1");
        }
        boolean sim = !mode.equalsIgnoreCase("real");
        boolean real = mode.equalsIgnoreCase("real") || mode.equalsIgnoreCase("both");
        if (!sim && !real || !List.of("sim", "real", "both").contains(mode.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--mode must be sim, real or both");
        }
        Set<Integer> labSet = Labs.withRaft(Labs.parseAll(labs), raft);
        SuiteRunner runner = new SuiteRunner();
        List<GradedTest> tests = runner.discover(labSet, test);
        if (tests.isEmpty()) {
            System.err.println("no graded tests found for " + (labSet.isEmpty() ? "any lab" : "labs " + labSet)
                    + (test == null ? "" : " named " + test));
            return 2;
        }
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>();
        int rounds = (sim ? seeds : 0) + (real ? 1 : 0);
        int round = 0;
        if (sim && parallel > 1) {
            Map<String, GradedTest> byId = new HashMap<>();
            tests.forEach(t -> byId.put(t.id(), t));
            List<Long> seedList = LongStream.range(firstSeed, firstSeed + seeds).boxed().toList();
            int[] done = {0};
            List<String> labNames = labSet.stream().map(l -> "lab" + l).toList();
            ParallelGrader grader = new ParallelGrader(labNames, test, byId, parallel);
            outcomes.addAll(grader.run(seedList, (seed, result) -> {
                progress(++done[0], rounds, result, "seed " + seed);
                if (untilFailure && anyFailed(result)) {
                    grader.stop(); // workers finish the seed they are on
                }
            }));
            round = done[0];
        } else if (sim) {
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                List<Outcome> result = runner.run(tests, seed, Mode.SIM, true);
                outcomes.addAll(progress(++round, rounds, result, "seed " + seed));
                if (untilFailure && anyFailed(result)) {
                    break;
                }
            }
        }
        if (untilFailure && anyFailed(outcomes)) {
            real = false; // caught already
        }
        List<ReplayCheck.Mismatch> unreproduced = List.of();
        if (sim && checkReplay) {
            unreproduced = ReplayCheck.run(runner, tests, firstSeed, outcomes);
        }
        if (real) {
            outcomes.addAll(progress(++round, rounds, runner.run(tests, firstSeed, Mode.REAL, true), "real mode"));
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long simRuns = outcomes.stream().filter(o -> o.mode() == Mode.SIM).map(Outcome::seed).distinct().count();
        String title = String.format(Locale.ROOT, "RaftLab grade: %s, %s%s", labSet.isEmpty() ? "all labs" : "labs " + labSet,
                (sim ? simRuns + " seed(s) in simulation" + (simRuns < seeds ? " (stopped at the first failure)" : "") : "") + (sim && real ? " + " : "") + (real ? "1 run in real mode" : ""),
                (sim && parallel > 1 ? " (" + parallel + " workers)" : "")
                        + (raftlab.tools.handout.ReferenceRaft.inUse() ? ", on the reference Raft (labs 1-3, lab 5 part A)" : ""));
        GradeReport report = new GradeReport(title, tests, outcomes, wall, officialSeeds + 1);
        report.printTable(System.out);
        if (sim && checkReplay) {
            System.out.println();
            ReplayCheck.print(System.out, firstSeed, tests.size(), unreproduced);
        }
        report.write(out);
        System.out.println("\nwrote " + out.resolve("grade.json") + ", " + out.resolve("results.json") + " and "
                + out.resolve("report.html"));
        boolean optionalDone = !optionalToo || report.optionalScore() == report.optionalMaxScore();
        return report.fullMarks() && optionalDone && unreproduced.isEmpty() ? 0 : 1;
    }

    private static boolean anyFailed(List<Outcome> outcomes) {
        return outcomes.stream().anyMatch(o -> !o.passed());
    }

    private static List<Outcome> progress(int round, int rounds, List<Outcome> outcomes, String label) {
        long passed = outcomes.stream().filter(Outcome::passed).count();
        StringBuilder failed = new StringBuilder();
        for (Outcome o : outcomes) {
            if (!o.passed()) {
                failed.append(' ').append(o.test().id()).append(o.safety() ? "(safety)" : "");
            }
        }
        System.out.printf(Locale.ROOT, "[%d/%d] %-10s %d/%d passed%s%n", round, rounds, label, passed, outcomes.size(),
                failed.length() == 0 ? "" : "  failed:" + failed);
        return outcomes;
    }
}
