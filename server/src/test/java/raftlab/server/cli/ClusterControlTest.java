package raftlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.FreePorts;
import raftlab.server.NodeConfig;
import raftlab.server.client.KvHttpClient;
import raftlab.server.net.PeerAuth;

/**
 * {@code ./raftlab cluster kill|pause|resume|restart|wipe|partition|heal} against a supervisor's
 * control channel over real node processes: each action does what it says, and the channel refuses
 * a wrong token, an unknown action and nodes the cluster does not have.
 */
class ClusterControlTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void theControlChannelTakesNodesDownAndBringsThemBack() throws Exception {
        Path data = tmp.resolve("data");
        try (NodeProcesses cluster = new NodeProcesses(data, 3, "127.0.0.1", FreePorts.forCluster(3),
                NodeConfig.DEFAULT_MAX_RAFT_STATE, true)) {
            String token = NodeConfig.readToken(data.resolve("token"));
            ClusterFaults faults = new ClusterFaults(cluster, token);
            List<String> said = new CopyOnWriteArrayList<>();
            try (ClusterControl control = new ClusterControl(faults, new PeerAuth(token), data, said::add);
                 KvHttpClient kv = new KvHttpClient(cluster.urls(), 2)) {
                cluster.announceControl(control.url()); // as ./raftlab cluster does: the dashboards' buttons reach it
                cluster.startAll();
                int leader = awaitLeader(faults, -1);
                String url = Files.readString(data.resolve(ClusterControl.URL_FILE)).trim();
                assertEquals(401, post(url, "kill?nodes=0", "not-the-cluster-token"));
                assertEquals(404, post(url, "explode?nodes=0", token));
                assertEquals(400, post(url, "kill?nodes=9", token));
                assertEquals(400, post(url, "heal?nodes=1", token));
                assertEquals(400, post(url, "partition?nodes=0,1,2", token));
                for (int i = 0; i < 3; i++) { // a refused action did nothing; if a node is down, say how it ended
                    assertTrue(cluster.alive(i), "a refused action did nothing, yet node " + i + " is down (exit code "
                            + cluster.exitCode(i) + "):\n" + cluster.explainExit(i) + "\n  said: " + said);
                }

                assertEquals(0, cli("kill", leader, data));
                assertFalse(cluster.alive(leader));
                assertTrue(control.downOnPurpose(leader), "the supervisor reports it as taken down, not as a crash");
                int next = awaitLeader(faults, leader);
                assertEquals(200, kv.put("after-kill", "1").status());
                assertEquals(1, cli("resume", leader, data), "a killed node cannot be resumed");
                assertEquals(0, cli("restart", leader, data));
                assertTrue(cluster.alive(leader) && !control.downOnPurpose(leader));
                try (KvHttpClient restarted = new KvHttpClient(List.of(cluster.urls().get(leader)), 1)) {
                    Awaitility.await("the restarted node serves again").atMost(PATIENCE).ignoreExceptions()
                            .until(() -> "1".equals(restarted.get("after-kill", false).field("value")));
                }

                int follower = 3 - leader - next;
                assertEquals(0, cli("partition", follower, data));
                try (KvHttpClient majority = new KvHttpClient(List.of(cluster.urls().get(next)), 1)) {
                    for (int i = 0; i < 20; i++) {
                        KvHttpClient.Reply w = majority.put("cut-" + i, "v");
                        assertEquals(200, w.status(), "the majority (node " + next + ") goes on without node " + follower + ": " + w);
                    }
                }
                assertEquals(0, ServerCli.execute("cluster", "heal", "--data", data.toString()));
                assertEquals(0, cli("wipe", follower, data));
                assertTrue(cluster.alive(follower));
                assertEquals(0, cli("pause", follower, data));
                assertEquals(0, cli("resume", follower, data));
                try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(follower)), 1)) {
                    Awaitility.await("the wiped node serves the writes it missed").atMost(PATIENCE).ignoreExceptions()
                            .until(() -> "v".equals(one.get("cut-19", false).field("value")));
                }
                assertTrue(said.stream().anyMatch(s -> s.contains("wipe")), "the supervisor logs each action: " + said);

                // The dashboard's buttons: any node takes them to the supervisor, with the browser's token.
                String page = cluster.urls().get(next);
                assertEquals(401, postTo(page + "/cluster/control/pause?nodes=" + follower, "not-the-cluster-token"));
                assertEquals(200, postTo(page + "/cluster/control/pause?nodes=" + follower, token));
                assertTrue(said.stream().anyMatch(s -> s.contains("node " + follower + ": pause")), said.toString());
                assertEquals(200, postTo(page + "/cluster/control/resume?nodes=" + follower, token));
                assertEquals(400, postTo(page + "/cluster/control/kill?nodes=x;rm", token));
                java.util.Optional<raftlab.tester.browser.HeadlessChromium> browser = raftlab.tester.browser.HeadlessChromium.find(tmp);
                if (browser.isPresent()) {
                    String dom = browser.get().dumpDom(page + "/", 3000);
                    assertTrue(dom.contains("data-action=\"kill\" data-node=\"" + follower + "\"") && dom.contains("id=\"controls\" class=\"on\""),
                            "a cluster started by the supervisor gets fault buttons on its dashboard:\n" + dom);
                    // A click on a node's "pause" button, as a student would: the page sends it with the token it keeps.
                    try (raftlab.tester.browser.BrowserPage tab = browser.get().open(page + "/")) {
                        String button = "document.querySelector('button[data-action=\"pause\"][data-node=\"" + follower + "\"]')";
                        tab.awaitTrue(button + " !== null", Duration.ofSeconds(20));
                        tab.eval("localStorage.setItem('raftlab-token', '" + token + "'); true");
                        long pausesBefore = said.stream().filter(s -> s.contains("node " + follower + ": pause")).count();
                        tab.eval(button + ".click(); true");
                        tab.awaitTrue("document.getElementById('controlresult').textContent.startsWith('node " + follower + ": pause')",
                                Duration.ofSeconds(20));
                        assertEquals(pausesBefore + 1, said.stream().filter(s -> s.contains("node " + follower + ": pause")).count(),
                                "the button reached the supervisor: " + said);
                        tab.eval("document.querySelector('button[data-action=\"resume\"][data-node=\"" + follower + "\"]').click(); true");
                        tab.awaitTrue("document.getElementById('controlresult').textContent.startsWith('node " + follower + ": resume')",
                                Duration.ofSeconds(20));
                    }
                }
            }
            assertFalse(Files.exists(data.resolve(ClusterControl.URL_FILE)), "no control address once the supervisor stops");
            assertEquals(2, cli("kill", 0, data), "no supervisor: nothing to talk to");
        }
    }

    private static int cli(String action, int node, Path data) {
        return ServerCli.execute("cluster", action, String.valueOf(node), "--data", data.toString());
    }

    private static int awaitLeader(ClusterFaults faults, int notThis) {
        int[] leader = {-1};
        Awaitility.await("a leader other than " + notThis).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            Integer l = faults.leader();
            leader[0] = l == null ? -1 : l;
            return l != null && l != notThis;
        });
        return leader[0];
    }

    private static int post(String base, String actionAndQuery, String token) throws IOException, InterruptedException {
        return postTo(base + ClusterControl.PREFIX + actionAndQuery, token);
    }

    private static int postTo(String url, String token) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header(PeerAuth.HEADER, token).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
