package raftlab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.ReplayGradedTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tester.junit.RunSettings;
import raftlab.tools.report.Outcome;

/** {@code grade --check-replay} names exactly the tests whose second run of a seed leaves another trace. */
class ReplayCheckTest {

    @BeforeEach
    void enableFixtures() {
        System.setProperty("raftlab.fixtures", "true");
    }

    @AfterEach
    void clear() {
        System.clearProperty("raftlab.fixtures");
        System.clearProperty(RunSettings.SEED);
        System.clearProperty(RunSettings.MODE);
    }

    @Test
    void flagsTheTestWhoseTraceReadsTheClock() throws Exception {
        List<GradedTest> tests = Stream.of("seeded", "readsTheClock").map(ReplayCheckTest::fixture).toList();
        SuiteRunner runner = new SuiteRunner();
        List<Outcome> first = runner.run(tests, 7, Mode.SIM, true);
        assertEquals(2, first.size());
        assertTrue(first.stream().allMatch(Outcome::passed), "both fixtures pass");

        List<ReplayCheck.Mismatch> differ = ReplayCheck.run(runner, tests, 7, first);
        assertEquals(List.of("readsTheClock"), differ.stream().map(m -> m.test().methodName()).toList());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ReplayCheck.print(new PrintStream(text, true, StandardCharsets.UTF_8), 7, tests.size(), differ);
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("replay check FAILED: seed 7 gave another trace on its second run for 1 of 2 tests"),
                printed);
        assertTrue(printed.contains(differ.get(0).first().substring(0, 12)), printed);
    }

    private static GradedTest fixture(String method) {
        try {
            return GradedTest.of(ReplayGradedTest.class.getDeclaredMethod(method, LabRun.class));
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
