package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
            assertEquals(0, kv(nodes, "batch", "put", "b/1", "x", "append", "b/2", "y", "cas", "b/3", "z", "0"));
            String batched = capture(() -> assertEquals(0, kv(nodes, "get", "b/3")));
            assertTrue(batched.contains("\"value\": \"z\""), batched);
            assertEquals(1, kv(nodes, "batch", "put", "b/4", "x", "delete", "b/none"), "a batch stopped by a condition is a no");
            assertEquals(1, kv(nodes, "get", "b/4"), "... and applied nothing");
            assertEquals(2, kv(nodes, "batch", "put", "b/5"), "a write without its value is a usage error");
            assertEquals(2, kv(nodes, "batch", "rename", "a", "b"), "an unknown write is a usage error");
            assertEquals(2, kv(nodes, "batch", "cas", "b/6", "v", "one"), "a version that is not a number is a usage error");
            assertEquals(0, kv(nodes, "status"));
            assertEquals(2, kv(nodes, "put", "k".repeat(2000), "v"), "a refused request is a failure");
        }
    }

    @Test
    void badConfigurationsAreRefusedWithAReason() throws Exception {
        Path file = tmp.resolve("node.properties");
        Files.writeString(tmp.resolve("token"), "0123456789abcdef0123\n");
        String ports = "listen=127.0.0.1:7001\npeer-listen=127.0.0.1:7101\n";
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("id=3\n" + ports + "client-urls=http://a:1,http://b:2\npeers=http://a:3,http://b:4\ndata=d\ntoken-file=token\n",
                "node id 3");
        refusals.put("id=0\n" + ports + "client-urls=http://a:1\npeers=a:1\ndata=d\ntoken-file=token\n", "http://host:port");
        refusals.put("id=0\n" + ports + "client-urls=http://a:1\npeers=http://a:2\ndata=d\n", "missing 'token-file'");
        refusals.put("id=0\n" + ports + "client-urls=http://a:1,http://b:2\npeers=http://a:3\ndata=d\ntoken-file=token\n",
                "2 client URLs for 1 peer URLs");
        refusals.put("id=0\nlisten=127.0.0.1:7001\npeer-listen=127.0.0.1:7001\nclient-urls=http://a:1\npeers=http://a:2\ndata=d\n"
                + "token-file=token\n", "two addresses");
        refusals.put("id=0\nlisten=127.0.0.1:7001\npeers=http://a:1\ndata=d\ntoken-file=token\n",
                "missing 'peer-listen' (a node listens for clients and for peers on two ports"); // a config from before the peer port
        refusals.put("id=0\nlisten=127.0.0.1\npeer-listen=127.0.0.1:7101\nclient-urls=http://a:1\npeers=http://a:2\ndata=d\n"
                + "token-file=token\n", "listen must be host:port");
        for (Map.Entry<String, String> c : refusals.entrySet()) {
            Files.writeString(file, c.getKey());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(file), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), e.getMessage());
        }
        Files.writeString(file, "id=0\n" + ports + "client-urls=http://a:7001\npeers=http://a:7101\ndata=d\ntoken-file=token\n");
        NodeConfig ok = NodeConfig.load(file);
        String err = captureErr(() -> assertEquals(2, raftlab.server.cli.ServerCli.execute("node", "--raft", "reference",
                "--config", file.toString())));
        assertTrue(err.contains("--raft reference needs the launcher"), err);
        assertEquals("http://a:7001", ok.url());
        assertEquals(new NodeConfig.Address("127.0.0.1", 7101), ok.peerListen());

        new NodeProcesses(tmp.resolve("cluster"), 3, "127.0.0.1", 7001);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NodeProcesses(tmp.resolve("cluster"), 5, "127.0.0.1", 7001));
        assertTrue(e.getMessage().contains("nodes=3"), "a data directory keeps its cluster's size: " + e.getMessage());
        NodeProcesses stub = new NodeProcesses(tmp.resolve("cluster"), 3, "127.0.0.1", 7001);
        StringBuilder log = new StringBuilder("Exception in thread \"main\" java.lang.UnsupportedOperationException: TODO lab 4\n");
        for (int i = 0; i < 20; i++) {
            log.append("\tat raftlab.kvservice.KvNode.frame").append(i).append("(KvNode.java:").append(i).append(")\n");
        }
        Files.writeString(stub.log(0), log.toString());
        String why = stub.explainExit(0);
        assertTrue(why.contains("UnsupportedOperationException: TODO lab 4") && why.contains("lab 4 is not written yet")
                && !why.contains("frame19"), "the exception's message, not its stack frames, and the lab to write:\n" + why);
        Path token = tmp.resolve("cluster").resolve("token");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        NodeConfig written = NodeConfig.load(tmp.resolve("cluster").resolve("node2.properties"));
        assertEquals(new NodeConfig.Address("127.0.0.1", 7003), written.listen());
        assertEquals(new NodeConfig.Address("127.0.0.1", 7103), written.peerListen());
        assertEquals("http://127.0.0.1:7101", written.peers().get(0));
        e = assertThrows(IllegalArgumentException.class, () -> new NodeProcesses(tmp.resolve("high"), 3, "127.0.0.1", 65_500));
        assertTrue(e.getMessage().contains("peer ports"), e.getMessage());
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
        return captured(body, false);
    }

    private static String captureErr(Runnable body) {
        return captured(body, true);
    }

    /** What {@code body} printed to standard output, or to standard error. */
    private static String captured(Runnable body, boolean err) {
        PrintStream old = err ? System.err : System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(to);
        } else {
            System.setOut(to);
        }
        try {
            body.run();
        } finally {
            if (err) {
                System.setErr(old);
            } else {
                System.setOut(old);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
