package raftlab.tester.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.FixtureRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/** A failing graded test reports its seed, writes its trace, and names the command that reproduces it. */
class RaftLabExtensionTest {

    @Test
    void failurePrintsSeedTraceAndReproduceCommand(@TempDir Path traces) throws Exception {
        Events events = FixtureRuns.run("neverElects", 17, traces);
        assertEquals(1, events.failed().count());
        Throwable t = events.failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        String m = t.getMessage();
        assertTrue(m.contains("expected one leader, got none"), m);
        assertTrue(m.contains("seed 17"), m);
        assertTrue(m.contains("reproduce: ./raftlab test lab1 NeverElects --seed 17"), m);
        Path trace = traces.resolve("lab1.NeverElects-seed17.jsonl");
        assertTrue(Files.exists(trace), "trace file written");
        assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.contains("\"ev\":\"send\"")));
        assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.contains("\"ev\":\"failure\"")
                && l.contains("\"reproduce\":\"./raftlab test lab1 NeverElects --seed 17\"")), "the failure is the trace's last word");
        Path page = traces.resolve("lab1.NeverElects-seed17.html");
        assertTrue(m.contains("timeline: " + page), m);
        assertTrue(Files.readString(page).contains("\"failure\":{\"seq\":"), "the timeline page holds the failure");
        // the liveness diagnosis: these peers chatter but never campaign
        assertTrue(m.contains("S0: follower in term 0") && m.contains("never asked for a vote"), m);
        assertTrue(m.contains("hint: no peer ever asked for a vote"), m);
    }
}
