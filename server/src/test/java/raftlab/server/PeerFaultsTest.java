package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;
import raftlab.server.net.PeerAuth;

/**
 * The chaos run's partitions: {@code POST /raft/faults} cuts a node off from chosen peers, but only on
 * a node whose config allows fault injection, and only with the cluster token. A leader cut off from
 * the rest neither commits nor answers a linearizable read from its own, stale, state.
 */
class PeerFaultsTest {
    @TempDir
    Path tmp;

    @Test
    void anIsolatedLeaderIsReplacedAndHealingMakesOneClusterAgain() {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE, true)) {
            int old = cluster.awaitLeader();
            try (KvHttpClient leader = cluster.clientOf(old)) {
                assertEquals(200, leader.put("k", "before").status());
            }
            for (int i = 0; i < 3; i++) { // the old leader reaches nobody, and nobody reaches it
                List<Integer> cut = i == old ? List.of((old + 1) % 3, (old + 2) % 3) : List.of(old);
                assertEquals(200, faults(cluster.peerUrl(i), LocalCluster.TOKEN, cut).status());
            }
            Awaitility.await("a new leader on the majority side").atMost(Duration.ofSeconds(10))
                    .until(() -> leaderOtherThan(cluster, old) >= 0);
            int now = leaderOtherThan(cluster, old);
            try (KvHttpClient majority = cluster.clientOf(now)) {
                assertEquals(200, majority.put("during", "partition").status(), "the majority side commits");
                assertEquals(200, majority.put("k", "after").status());
            }
            try (KvHttpClient minority = cluster.clientOf(old)) {
                assertEquals(503, minority.put("stranded", "x").status(), "the isolated old leader commits nothing");
                // Whether it still believes it leads or has stepped down (check-quorum), it must not answer from its state.
                assertEquals("before", minority.get("k", true).field("value"), "its replica still holds the old value");
                assertEquals(503, minority.get("k", false).status(), "a linearizable read there waits for a majority, and gives up");
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(200, faults(cluster.peerUrl(i), LocalCluster.TOKEN, List.of()).status());
            }
            Awaitility.await("the old leader catches up once healed").atMost(Duration.ofSeconds(10)).until(() -> {
                try (KvHttpClient back = cluster.clientOf(old)) {
                    return "partition".equals(back.get("during", true).field("value"));
                }
            });
            assertNotEquals(old, now);
        }
    }

    @Test
    void faultsNeedTheTokenAndANodeThatAllowsThem() {
        try (LocalCluster plain = new LocalCluster(tmp, 1, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            plain.awaitLeader();
            Reply off = faults(plain.peerUrl(0), LocalCluster.TOKEN, List.of());
            assertEquals(404, off.status(), "fault injection is off unless the config turns it on: " + off);
            assertTrue(off.field("error").contains("fault injection is off"), off.toString());
            assertEquals(401, faults(plain.peerUrl(0), "not-the-token", List.of()).status());
        }
    }

    /** {@code POST /raft/faults} as a chaos run sends it. */
    private static Reply faults(String url, String token, List<Integer> cutOff) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/raft/faults")).header(PeerAuth.HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"cutOff\":" + cutOff + "}")).build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), JsonParser.parseString(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int leaderOtherThan(LocalCluster cluster, int old) {
        for (int i = 0; i < 3; i++) {
            if (i != old && cluster.node(i).raft().state().leader()) {
                return i;
            }
        }
        return -1;
    }
}
