package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;
import raftlab.server.net.HttpListener;

/**
 * Client traffic cannot starve Raft. Stalled bodies hold no server thread; and since peers have a
 * listener of their own, even clients that take every connection a node's client listener allows
 * leave elections and the peer channel untouched.
 */
class StalledClientsTest {
    static final int STALLED_PER_NODE = 200;
    /** A client listener this small is filled by a few hundred sockets; the default (4,096) would need ulimit changes. */
    static final HttpListener.Limits SMALL = new HttpListener.Limits(16, 32, RaftHttpNode.IDLE_TIMEOUT);

    @TempDir
    Path tmp;

    @Test
    void stalledBodiesOnEveryNodeStarveNobody() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
             KvHttpClient kv = new KvHttpClient(cluster.urls(), 4)) {
            cluster.awaitLeader();
            kv.findLeader();
            assertEquals(200, kv.put("before", "1").status());
            long termBefore = term(kv);
            List<Socket> stalled = new ArrayList<>();
            try {
                for (String url : cluster.urls()) {
                    for (int i = 0; i < STALLED_PER_NODE; i++) {
                        stalled.add(stall(url, "/kv/stalled-" + i));
                    }
                }
                for (int i = 0; i < 50; i++) {
                    Reply r = kv.put("during-" + i, "v" + i);
                    assertEquals(200, r.status(), "write " + i + " with " + stalled.size() + " stalled connections: " + r);
                }
                for (int i = 0; i < 3; i++) {
                    try (KvHttpClient one = cluster.clientOf(i)) {
                        assertEquals("v49", one.get("during-49", false).field("value"), "node " + i + " still answers");
                    }
                }
                long termAfter = term(kv);
                assertTrue(termAfter <= termBefore + 1, "the leader kept its job (term " + termBefore + " -> " + termAfter + ")");
            } finally {
                closeAll(stalled);
            }
            assertEquals(404, kv.get("stalled-0", false).status(), "a body that never finished wrote nothing");
        }
    }

    /**
     * Every node's client listener is full before any peer has connected, so the peers must open new
     * connections to elect and replicate: with one shared listener they could not, and no leader would
     * ever be elected. Later, the leader dies and the survivors elect another through the same flood.
     */
    @Test
    void clientsHoldingEveryConnectionCannotStopRaft() throws Exception {
        try (LocalCluster cluster = LocalCluster.boundOnly(tmp, 3, SMALL)) {
            List<KvHttpClient> warm = new ArrayList<>();
            List<Socket> flood = new ArrayList<>();
            try {
                // One warm connection to each node, opened before the flood: the way an operator still gets in.
                for (int i = 0; i < 3; i++) {
                    warm.add(new KvHttpClient(List.of(cluster.url(i)), 1));
                    assertEquals(503, warm.get(i).get("warm", false).status(), "the node is not started yet");
                }
                for (int i = 0; i < 3; i++) {
                    // Past the listener's limit the kernel queues connections (Java's default backlog is 50);
                    // a queue kept below that lets the probe below connect and then wait.
                    for (int c = 0; c < SMALL.connections() + 30; c++) {
                        flood.add(stall(cluster.url(i), "/kv/flood-" + c));
                    }
                }
                for (int i = 0; i < 3; i++) {
                    int node = i;
                    assertThrows(SocketTimeoutException.class, () -> RawHttp.requestWithin(cluster.url(node), "GET", "/health", 500),
                            "node " + node + "'s client listener is full: a new connection waits in the accept queue");
                }
                cluster.serveAll();
                int leader = cluster.awaitLeader();
                long termBefore = cluster.node(leader).raft().state().term();
                for (int i = 0; i < 20; i++) {
                    Reply r = warm.get((leader + 1) % 3).put("during-" + i, "v" + i); // a follower forwards it over the peer channel
                    assertEquals(200, r.status(), "write " + i + " during the flood: " + r);
                }
                cluster.stop(leader);
                int next = cluster.awaitLeader();
                assertTrue(next != leader);
                Reply r = warm.get(3 - leader - next).put("after-election", "y");
                assertEquals(200, r.status(), r.toString());
                long termAfter = cluster.node(next).raft().state().term();
                assertTrue(termAfter <= termBefore + 2, "one election, not a storm (term " + termBefore + " -> " + termAfter + ")");
            } finally {
                closeAll(flood);
                warm.forEach(KvHttpClient::close);
            }
            int survivor = cluster.node(0) == null ? 1 : 0;
            Awaitility.await("the client listener accepts again once the flood is gone").atMost(Duration.ofSeconds(10))
                    .until(() -> RawHttp.requestWithin(cluster.url(survivor), "GET", "/health", 2_000).status() == 200);
        }
    }

    private static long term(KvHttpClient kv) {
        return kv.status().json().get("term").getAsLong();
    }

    /** A connection that promises 101 bytes of body, sends 100, and waits. */
    private static Socket stall(String url, String target) throws IOException {
        URI base = URI.create(url);
        Socket s = new Socket(base.getHost(), base.getPort());
        OutputStream out = s.getOutputStream();
        out.write(("PUT " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + "x".repeat(100))
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
