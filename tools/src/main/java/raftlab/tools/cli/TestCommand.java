package raftlab.tools.cli;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tools.report.Outcome;

/** {@code raftlab test}: one lab's graded tests, or one test, with one seed, output shown as it runs. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run one lab's graded tests (or one of them) with one seed, showing their output.")
public final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LAB", description = "lab1 … lab5")
    String lab;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TEST", description = "a test name, e.g. ReElection, or a part of the lab (A, B, ReadIndex)")
    String test;

    @Option(names = "--seed", defaultValue = "1", description = "the seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--mode", defaultValue = "sim", description = "sim or real (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--raft", defaultValue = "own", paramLabel = "own|reference",
            description = "run lab 4 or 5 on your own Raft (own, default) or on the compiled reference Raft (reference: labs 1-3 and lab 5 part A)")
    String raft;

    @Option(names = "--verbose", description = "print every runtime.log line (with virtual time and node) as it happens")
    boolean verbose;

    @Override
    public Integer call() {
        if (verbose) {
            System.setProperty("raftlab.verbose", "true");
        }
        Labs.withRaft(Set.of(Labs.parse(lab)), raft);
        SuiteRunner runner = new SuiteRunner();
        List<GradedTest> tests = runner.discover(Set.of(Labs.parse(lab)), test);
        if (tests.isEmpty()) {
            System.err.println("no graded test " + (test == null ? "" : "'" + test + "' ") + "in " + lab
                    + "; available: " + runner.discover(Set.of(Labs.parse(lab)), null).stream().map(GradedTest::name).toList());
            return 2;
        }
        List<Outcome> outcomes = runner.run(tests, seed, Mode.parse(mode), false);
        int failed = 0;
        for (Outcome o : outcomes) {
            if (!o.passed()) {
                failed++;
                System.out.println("\n" + o.test().id() + " FAILED:\n  " + o.message().replace("\n", "\n  "));
            }
        }
        System.out.println("\n" + (outcomes.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
