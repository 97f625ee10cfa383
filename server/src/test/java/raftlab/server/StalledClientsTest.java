package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;

/**
 * Client traffic cannot starve Raft: 200 connections per node that announce a body and then stall
 * (a slowloris) hold no server thread, so the cluster keeps its leader and acknowledges writes.
 */
class StalledClientsTest {
    static final int STALLED_PER_NODE = 200;

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
                        stalled.add(stall(url, i % 2 == 0 ? "/kv/stalled" : "/raft/RaftRpc.requestVote"));
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
                for (Socket s : stalled) {
                    s.close();
                }
            }
            assertEquals(404, kv.get("stalled", false).status(), "a body that never finished wrote nothing");
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
        out.write(((target.startsWith("/raft/") ? "POST " : "PUT ") + target + " HTTP/1.1\r\nHost: x\r\nX-RaftLab-Token: " + LocalCluster.TOKEN
                + "\r\nContent-Length: 101\r\n\r\n" + "x".repeat(100)).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return s;
    }
}
