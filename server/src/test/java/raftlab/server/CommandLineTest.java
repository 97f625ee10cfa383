package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.cli.NodeProcesses;

/** {@code ./raftlab kv} against a live cluster, and the refusals of bad configurations. */
class CommandLineTest {
    @TempDir
    Path tmp;

    @Test
    void kvCommandsTalkToTheLeaderAndExitWithTheAnswer() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("data"), 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            cluster.awaitLeader();
            String nodes = String.join(",", cluster.urls());
            assertEquals(0, kv(nodes, "put", "greeting", "hello"));
            assertEquals(0, kv(nodes, "append", "greeting", " world"));
            String out = capture(() -> assertEquals(0, kv(nodes, "get", "greeting")));
            assertTrue(out.contains("\"value\": \"hello world\""), out);
            assertEquals(1, kv(nodes, "cas", "greeting", "x", "--version", "7"), "a version mismatch is a no");
            assertEquals(0, kv(nodes, "cas", "greeting", "bye", "--version", "2"));
            String scan = capture(() -> assertEquals(0, kv(nodes, "scan", "greet")));
            assertTrue(scan.contains("\"bye\""), scan);
            assertEquals(0, kv(nodes, "delete", "greeting"));
            assertEquals(1, kv(nodes, "get", "greeting"), "no such key is a no");
            assertEquals(0, kv(nodes, "status"));
            assertEquals(2, kv(nodes, "put", "k".repeat(2000), "v"), "a refused request is a failure");
        }
    }

    @Test
    void badConfigurationsAreRefusedWithAReason() throws Exception {
        Path file = tmp.resolve("node.properties");
        Files.writeString(file, "id=3\nlisten=127.0.0.1:7001\npeers=http://a:1,http://b:2\ndata=d\ntoken-file=token\n");
        Files.writeString(tmp.resolve("token"), "0123456789abcdef0123\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(file));
        assertTrue(e.getMessage().contains("node id 3"), e.getMessage());
        Files.writeString(file, "id=0\nlisten=127.0.0.1:7001\npeers=a:1\ndata=d\ntoken-file=token\n");
        e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(file));
        assertTrue(e.getMessage().contains("http://host:port"), e.getMessage());
        Files.writeString(file, "id=0\nlisten=127.0.0.1:7001\npeers=http://a:1\ndata=d\n");
        e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(file));
        assertTrue(e.getMessage().contains("missing 'token-file'"), e.getMessage());

        new NodeProcesses(tmp.resolve("cluster"), 3, "127.0.0.1", 7001);
        e = assertThrows(IllegalArgumentException.class, () -> new NodeProcesses(tmp.resolve("cluster"), 5, "127.0.0.1", 7001));
        assertTrue(e.getMessage().contains("nodes=3"), "a data directory keeps its cluster's size: " + e.getMessage());
        Path token = tmp.resolve("cluster").resolve("token");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
    }

    private static int kv(String nodes, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "kv";
        all[1] = "--nodes";
        all[2] = nodes;
        System.arraycopy(args, 0, all, 3, args.length);
        return raftlab.server.cli.ServerCli.execute(all);
    }

    private static String capture(Runnable body) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
