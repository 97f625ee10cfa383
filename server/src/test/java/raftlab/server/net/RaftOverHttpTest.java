package raftlab.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.awaitility.Awaitility;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.raft.ApplyMsg;
import raftlab.raft.PeerState;
import raftlab.raft.StartResult;
import raftlab.server.RaftHttpNode;
import raftlab.snapshots.CompactingNode;

/** Lab 5's Raft, unchanged, on real threads, real files and real HTTP on loopback. */
class RaftOverHttpTest {
    private static final PeerAuth AUTH = new PeerAuth("test-token-0123456789abcdef");

    @TempDir
    Path tmp;

    private final List<RaftHttpNode> nodes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<ConcurrentMap<Long, Object>> applied = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(n -> {
            if (n != null) {
                n.close();
            }
        });
    }

    private void startCluster(int n) {
        for (int i = 0; i < n; i++) {
            RaftHttpNode node = RaftHttpNode.bind("127.0.0.1", 0, AUTH);
            nodes.add(node);
            urls.add("http://127.0.0.1:" + node.port());
            applied.add(new ConcurrentHashMap<>());
        }
        for (int i = 0; i < n; i++) {
            start(i);
        }
    }

    private void start(int i) {
        ConcurrentMap<Long, Object> log = applied.get(i);
        nodes.get(i).start(i, urls, tmp.resolve("node" + i), CompactingNode.factory(), msg -> {
            if (msg instanceof ApplyMsg.Command c) {
                log.put(c.index(), c.command());
            }
        });
    }

    private int leader() {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            int found = -1;
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i) == null) {
                    continue;
                }
                PeerState s = nodes.get(i).raft().state();
                if (s.leader()) {
                    found = i;
                }
            }
            return found;
        }, i -> i >= 0);
    }

    private long startOnLeader(Object command) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
            StartResult r = nodes.get(leader()).raft().start(command);
            return r.leader() ? r.index() : -1L;
        }, i -> i > 0);
    }

    private void awaitApplied(long index, Object command, List<Integer> on) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> on.stream().allMatch(i -> command.equals(applied.get(i).get(index))));
    }

    @Test
    void electsCommitsSurvivesTheLeadersLossAndARestartFromDisk() {
        startCluster(3);
        for (int k = 0; k < 10; k++) {
            long index = startOnLeader(100 + k);
            awaitApplied(index, 100 + k, List.of(0, 1, 2));
        }
        int old = leader();
        nodes.get(old).close();
        nodes.set(old, null);
        List<Integer> rest = new ArrayList<>(List.of(0, 1, 2));
        rest.remove(Integer.valueOf(old));
        long index = startOnLeader(999);
        awaitApplied(index, 999, rest);
        // the old leader restarts from its files on its old port and catches up
        RaftHttpNode again = RaftHttpNode.bind("127.0.0.1", Integer.parseInt(urls.get(old).replaceAll(".*:", "")), AUTH);
        nodes.set(old, again);
        applied.get(old).clear();
        start(old);
        awaitApplied(index, 999, List.of(0, 1, 2));
        assertEquals(100, applied.get(old).get(1L), "the restarted node re-applied its log from the start");
    }

    @Test
    void peerEndpointsRefuseRequestsWithoutTheTokenAndBadRequests() throws Exception {
        startCluster(1);
        HttpClient client = new HttpClient();
        client.start();
        try {
            String url = urls.get(0) + "/raft/RaftRpc.requestVote";
            String vote = "{\"term\":99,\"candidateId\":0,\"lastLogIndex\":0,\"lastLogTerm\":0}";
            ContentResponse noToken = client.newRequest(url).method(HttpMethod.POST)
                    .body(new StringRequestContent("application/json", vote)).send();
            assertEquals(401, noToken.getStatus());
            assertTrue(noToken.getContentAsString().contains("\"error\""), noToken.getContentAsString());
            assertTrue(nodes.get(0).raft().state().term() < 99, "a refused request must not reach Raft");
            ContentResponse wrongToken = client.newRequest(url).method(HttpMethod.POST)
                    .headers(h -> h.put(PeerAuth.HEADER, "not-the-token-at-all"))
                    .body(new StringRequestContent("application/json", vote)).send();
            assertEquals(401, wrongToken.getStatus());
            ContentResponse get = client.newRequest(url).method(HttpMethod.GET)
                    .headers(h -> h.put(PeerAuth.HEADER, AUTH.token())).send();
            assertEquals(405, get.getStatus());
            ContentResponse unknown = client.newRequest(urls.get(0) + "/raft/Nope.nothing").method(HttpMethod.POST)
                    .headers(h -> h.put(PeerAuth.HEADER, AUTH.token()))
                    .body(new StringRequestContent("application/json", "{}")).send();
            assertEquals(400, unknown.getStatus());
            ContentResponse garbage = client.newRequest(url).method(HttpMethod.POST)
                    .headers(h -> h.put(PeerAuth.HEADER, AUTH.token()))
                    .body(new StringRequestContent("application/json", "{not json")).send();
            assertEquals(400, garbage.getStatus());
            assertTrue(!garbage.getContentAsString().contains("Exception"), "no stack trace leaks: " + garbage.getContentAsString());
            assertEquals(404, client.newRequest(urls.get(0) + "/elsewhere").send().getStatus());
        } finally {
            client.stop();
        }
    }
}
