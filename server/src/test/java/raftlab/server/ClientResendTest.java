package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;

/**
 * The command-line client never sends a write twice: when the node it asked takes the request and
 * never answers, a second node could apply an append or a put again, so it says that the write may
 * have taken effect instead. A read it sends on, and a node that refuses the connection never got
 * the write, so that one goes to the next node.
 */
class ClientResendTest {
    @TempDir
    Path tmp;

    @Test
    void aWriteThatMayHaveArrivedIsNotSentToAnotherNode() throws Exception {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE);
             ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) { // connects, never answers
            cluster.awaitLeader();
            String nowhere = "http://127.0.0.1:" + silent.getLocalPort();
            try (KvHttpClient kv = new KvHttpClient(List.of(nowhere, cluster.url(0)), 1, 500)) {
                KvHttpClient.NoAnswer e = assertThrows(KvHttpClient.NoAnswer.class, () -> kv.append("once", "x"));
                assertTrue(e.maybeDelivered && e.getMessage().contains("not sent again"), e.getMessage());
                assertEquals(cluster.url(0), kv.current(), "the next request starts at the next node");
                assertEquals(404, kv.get("once", false).status(), "the append was not sent to node 0");
            }
            try (KvHttpClient kv = new KvHttpClient(List.of(nowhere, cluster.url(1)), 1, 500)) {
                assertEquals(404, kv.get("once", false).status(), "a read goes on to the next node");
            }
            ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            String refusing = "http://127.0.0.1:" + closed.getLocalPort();
            closed.close(); // connections refused: nothing was sent
            try (KvHttpClient kv = new KvHttpClient(List.of(refusing, cluster.url(2)), 1, 500)) {
                assertEquals(200, kv.append("once", "x").status(), "refused at connect: sent to the next node");
                assertEquals("x", kv.get("once", false).field("value"));
            }
        }
    }
}
