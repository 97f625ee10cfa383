package raftlab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.tester.linearizability.Histories.get;
import static raftlab.tester.linearizability.Histories.put;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import raftlab.tester.linearizability.History;

/** {@code raftlab check-history}: verdicts as exit codes, the HTML report, and clear errors. */
class CheckHistoryCommandTest {

    private static int run(String... args) {
        CommandLine cli = new CommandLine(new RaftLabCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> e instanceof IllegalArgumentException ? 2 : 3);
        cli.setOut(new PrintWriter(new StringWriter())); // the verdicts are checked by exit code, not shown
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void exitCodesFollowTheVerdict(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Path bad = dir.resolve("bad.json");
        History.write(good, "kv", List.of(put(1, 0, 10, "x", "1"), get(2, 20, 30, "x", "1")));
        History.write(bad, "kv", List.of(put(1, 0, 10, "x", "1"), get(2, 20, 30, "x", null)));
        assertEquals(0, run("check-history", good.toString()));
        Path html = dir.resolve("out/report.html");
        assertEquals(1, run("check-history", bad.toString(), "--html", html.toString()));
        assertTrue(Files.readString(html).contains("Where it breaks"));
        assertEquals(2, run("check-history", bad.toString(), "--model", "queue"));
        assertEquals(2, run("check-history", bad.toString(), "--timeout", "0"));
    }
}
