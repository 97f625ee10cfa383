package raftlab.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive as an operator uses it: unpacked into an empty directory, outside the source tree,
 * with nothing of the build in its environment (JAVA_HOME a runtime, the PATH the system's tools), its {@code bin/raftlab-node}
 * starts three nodes from config files; its {@code bin/raftlab kv} writes and reads through them; a
 * node killed with SIGKILL and started again catches up.
 */
class ArchiveClusterIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<Process> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A failure shows what the nodes printed. */
    @RegisterExtension
    final TestWatcher printLogs = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (int i = 0; i < 3; i++) {
                try {
                    System.out.println("---- node " + i + "'s output:\n" + Files.readString(tmp.resolve("node" + i + ".log")));
                } catch (IOException e) {
                    System.out.println("---- node " + i + " left no output (" + e.getMessage() + ")");
                }
            }
        }
    };

    @AfterEach
    void stopNodes() {
        nodes.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        nodes.forEach(Process::destroyForcibly);
    }

    @Test
    void theArchiveUnpackedIntoAnEmptyDirectoryRunsAThreeNodeCluster() throws Exception {
        Path home = unpack(Path.of(System.getProperty("raftlab.archive")), Files.createDirectory(tmp.resolve("opt")));
        assertTrue(Files.isExecutable(home.resolve("bin/raftlab-node")), "bin/raftlab-node is executable");
        assertTrue(Files.exists(home.resolve("conf/node.properties.example")));
        assertTrue(Files.exists(home.resolve("README.md")));

        Path conf = home.resolve("conf");
        Files.writeString(conf.resolve("token"), "a-token-for-this-test-0123456789");
        int[] clientPorts = {freePort(), freePort(), freePort()};
        int[] peerPorts = {freePort(), freePort(), freePort()};
        List<String> clientUrls = new ArrayList<>();
        List<String> peerUrls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clientUrls.add("http://127.0.0.1:" + clientPorts[i]);
            peerUrls.add("http://127.0.0.1:" + peerPorts[i]);
        }
        for (int i = 0; i < 3; i++) {
            Files.writeString(conf.resolve("node" + i + ".properties"), String.join("\n",
                    "id=" + i,
                    "listen=127.0.0.1:" + clientPorts[i],
                    "peer-listen=127.0.0.1:" + peerPorts[i],
                    "client-urls=" + String.join(",", clientUrls),
                    "peers=" + String.join(",", peerUrls),
                    "data=../data/node" + i,
                    "token-file=token") + "\n");
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode(home, i));
        }
        for (String url : clientUrls) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> get(url + "/health").statusCode() == 200);
        }

        String urls = String.join(",", clientUrls);
        assertEquals(0, kv(home, urls, "put", "greeting", "hello").exitCode, "put through bin/raftlab kv");
        Result read = kv(home, urls, "get", "greeting");
        assertEquals(0, read.exitCode, read.output);
        assertTrue(read.output.contains("\"hello\""), read.output);

        int leader = leaderOf(clientUrls.get(0));
        nodes.get(leader).descendants().forEach(ProcessHandle::destroyForcibly); // SIGKILL: the JVM under the script
        nodes.get(leader).destroyForcibly();
        assertTrue(nodes.get(leader).waitFor(10, TimeUnit.SECONDS));
        String survivors = String.join(",", clientUrls.stream().filter(u -> !u.equals(clientUrls.get(leader))).toList());
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> kv(home, survivors, "put", "after", "the-kill").exitCode == 0);

        nodes.set(leader, startNode(home, leader));
        String restarted = clientUrls.get(leader);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(restarted + "/kv/after?stale=true").body().contains("the-kill"));
        assertTrue(get(restarted + "/kv/greeting?stale=true").body().contains("hello"), "the restarted node kept what it had");
    }

    private static Path unpack(Path archive, Path into) throws Exception {
        assertTrue(Files.isRegularFile(archive), "the archive " + archive + " exists (mvn package makes it)");
        Result r = run(into, Map.of(), "tar", "-xzf", archive.toString());
        assertEquals(0, r.exitCode, r.output);
        try (Stream<Path> top = Files.list(into)) {
            List<Path> dirs = top.toList();
            assertEquals(1, dirs.size(), "one top directory in the archive: " + dirs);
            return dirs.get(0);
        }
    }

    /** A node as an operator starts it: its script, from an empty working directory, with only a JRE. */
    private Process startNode(Path home, int id) throws IOException {
        Path log = tmp.resolve("node" + id + ".log");
        ProcessBuilder b = new ProcessBuilder(home.resolve("bin/raftlab-node").toString(), "--config",
                home.resolve("conf/node" + id + ".properties").toString())
                .directory(Files.createDirectories(tmp.resolve("cwd")).toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        operatorEnvironment(b.environment());
        return b.start();
    }

    private Result kv(Path home, String urls, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(home.resolve("bin/raftlab").toString(), "kv", "--nodes", urls));
        args.addAll(List.of(command));
        return run(tmp, Map.of(), args.toArray(String[]::new));
    }

    /** Nothing of the build: JAVA_HOME is this JVM's runtime, the PATH has the system's tools only. */
    private static void operatorEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("MAVEN") || k.equals("CLASSPATH") || k.startsWith("JAVA_TOOL"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", "/usr/bin:/bin");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, Map<String, String> extraEnv, String... command) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        operatorEnvironment(b.environment());
        b.environment().putAll(extraEnv);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int leaderOf(String url) throws Exception {
        Matcher m = Pattern.compile("\"leader\"\\s*:\\s*(\\d+)").matcher(get(url + "/cluster/status").body());
        assertTrue(m.find(), "the cluster status names a leader");
        return Integer.parseInt(m.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
