package raftlab.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.cli.ServerCli;
import raftlab.server.client.KvHttpClient;

/**
 * {@code ./raftlab kv} with no command: the shell, driven as a script through standard input (a
 * test has no terminal; the interactive line editing is JLine's own). Every line runs, a bad line
 * says why without ending the shell, and the exit code is the worst any line had.
 */
class KvShellTest {
    @TempDir
    static Path tmp;

    static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
        cluster.awaitLeader();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Run(int code, String out, String err) {
    }

    @Test
    void aScriptRunsLineByLineAndExitsWithTheWorstCodeAnyLineHad() throws Exception {
        String script = String.join("\n",
                "# a comment, and a blank line",
                "",
                "put greeting \"hello world\"",
                "append greeting '!'",
                "get greeting",
                "cas greeting nope --version 7",
                "frobnicate now",
                "put 'unclosed",
                "get \"unterminated",
                "connect",
                "scan gree",
                "exit",
                "delete greeting") + "\n";
        Run r = shell(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, r.code(), "an unknown command counts as a failed line:\n" + r);
        assertTrue(r.out().contains("\"value\": \"hello world!\""), "quotes keep spaces; the append applied:\n" + r);
        assertTrue(r.out().contains("\"error\""), "the failed compare-and-set prints the store's answer:\n" + r);
        assertTrue(r.err().contains("no command 'frobnicate'"), r.toString());
        assertTrue(r.err().contains("cannot read that line") && r.err().contains(": put 'unclosed")
                && r.err().contains(": get \"unterminated"), "an open quote of either kind is refused, not guessed at:\n" + r);
        assertTrue(r.out().contains("connected to " + String.join(",", cluster.urls())), "connect alone says where:\n" + r);
        assertTrue(r.out().contains("\"key\": \"greeting\""), "scan found it:\n" + r);
        try (KvHttpClient kv = new KvHttpClient(cluster.urls(), 1)) {
            kv.findLeader();
            assertTrue(kv.get("greeting", false).ok(), "nothing after 'exit' ran: the key is still there");
        }
    }

    @Test
    void aScriptOfGoodLinesExitsZeroAndConnectSwitchesNodes() throws Exception {
        String script = "connect " + cluster.url(2) + "\nput k v\nget k --stale\n";
        Run r = shell(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("connected to " + cluster.url(2)), r.toString());
    }

    @Test
    void watchPrintsTheKeyEachTimeItChanges() throws Exception {
        PipedOutputStream lines = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(lines);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Run> done = CompletableFuture.supplyAsync(() -> shell(in, out));
        lines.write("put watched one\nwatch watched --count 2\n".getBytes(StandardCharsets.UTF_8));
        lines.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("watched = one"));
        try (KvHttpClient kv = new KvHttpClient(cluster.urls(), 1)) {
            kv.findLeader();
            assertTrue(kv.put("watched", "two").ok());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> out.toString(StandardCharsets.UTF_8).contains("watched = two"));
        lines.close(); // end of the script
        Run r = done.get(20, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.out().contains("watched = one (version 1)\nwatched = one"), "an unchanged key is not printed again:\n" + r);
    }

    private static Run shell(InputStream in) {
        return shell(in, new ByteArrayOutputStream());
    }

    /** Runs {@code ./raftlab kv} with no command, standard input {@code in}, standard output into {@code out}. */
    private static synchronized Run shell(InputStream in, ByteArrayOutputStream out) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setIn(in);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = ServerCli.execute("kv", "--nodes", String.join(",", cluster.urls()));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
            try {
                in.close();
            } catch (IOException ignored) {
                // a byte array or a pipe the test closed already
            }
        }
    }
}
