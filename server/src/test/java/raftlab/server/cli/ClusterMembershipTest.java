package raftlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.FreePorts;
import raftlab.server.NodeConfig;
import raftlab.server.RecordedClients;
import raftlab.server.client.KvHttpClient;
import raftlab.server.net.PeerAuth;
import raftlab.tester.linearizability.Operation;

/**
 * {@code ./raftlab cluster add-node} and {@code remove-node} on a cluster of node processes, under load:
 * a fourth node joins and votes, the leader is removed and stopped, the clients' history is
 * linearizable, and the data directory remembers the new shape when the cluster is started again.
 */
class ClusterMembershipTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aNodeIsAddedAndTheLeaderRemovedUnderLoad() throws Exception {
        Path data = tmp.resolve("data");
        int port = FreePorts.forCluster(5);
        int removedLeader;
        try (NodeProcesses cluster = new NodeProcesses(data, 3, "127.0.0.1", port, 64 << 10, true, 5)) {
            String token = NodeConfig.readToken(data.resolve("token"));
            ClusterFaults faults = new ClusterFaults(cluster, token);
            List<String> said = new CopyOnWriteArrayList<>();
            List<Operation> history;
            try (ClusterControl control = new ClusterControl(faults, new PeerAuth(token), data, said::add)) {
                cluster.announceControl(control.url());
                cluster.startAll();
                Awaitility.await("a leader").atMost(PATIENCE).until(() -> faults.leader() != null);
                for (int i = 0; i < 3; i++) { // a leader can be elected before the last node's client API serves
                    try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(i)), 1)) {
                        Awaitility.await("node " + i + " serves").atMost(PATIENCE).ignoreExceptions()
                                .until(() -> one.send("GET", "/node/status", null).ok());
                    }
                }
                try (RecordedClients clients = new RecordedClients(3, cluster::memberUrls, 11)) {
                    Awaitility.await("writes").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= 100);
                    assertEquals(0, ServerCli.execute("cluster", "add-node", "--data", data.toString()), "add-node: " + said);
                    assertTrue(cluster.alive(3) && cluster.size() == 4, "node 3 runs");
                    assertTrue(said.toString().contains("voters [0,1,2,3]"), "node 3 votes: " + said);
                    // The promotion commits on three of four; node 3 learns it with the leader's next message.
                    Awaitility.await("node 3 knows it votes").atMost(PATIENCE).ignoreExceptions()
                            .until(() -> members(cluster, 3).get("voters").toString().equals("[0,1,2,3]"));

                    long before = clients.acknowledgedWrites();
                    Awaitility.await("writes with four voters").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= before + 100);
                    removedLeader = faults.leader();
                    assertEquals(0, ServerCli.execute("cluster", "remove-node", String.valueOf(removedLeader), "--data", data.toString()),
                            "remove-node: " + said);
                    assertFalse(cluster.alive(removedLeader), "a removed node is stopped");
                    Awaitility.await("another leader").atMost(PATIENCE).until(() -> faults.leader() != null
                            && faults.leader() != removedLeader);
                    long after = clients.acknowledgedWrites();
                    Awaitility.await("writes after the leader left").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= after + 100);
                    history = clients.stop();
                }
                assertEquals(1, ServerCli.execute("cluster", "remove-node", String.valueOf(removedLeader), "--data", data.toString()),
                        "removing it twice is refused");
                assertEquals(1, ServerCli.execute("cluster", "restart", String.valueOf(removedLeader), "--data", data.toString()),
                        "a removed node is not started again");
            }
            RecordedClients.assertLinearizable(history, "cluster-membership");
        }

        // Started again with the options it was first started with: the added node is back, the removed one is not.
        try (NodeProcesses again = new NodeProcesses(data, 3, "127.0.0.1", port, 64 << 10, true, null)) {
            assertEquals(4, again.size());
            assertEquals(5, again.maxNodes());
            assertTrue(again.isRemoved(removedLeader));
            again.startAll();
            assertFalse(again.alive(removedLeader));
            int someone = removedLeader == 0 ? 1 : 0;
            Awaitility.await("the cluster serves with its new members").atMost(PATIENCE).ignoreExceptions().until(() -> {
                JsonObject m = members(again, someone);
                return m.getAsJsonArray("voters").size() == 3 && !m.get("voters").toString().contains(String.valueOf(removedLeader));
            });
            try (KvHttpClient kv = new KvHttpClient(again.memberUrls(), 1)) {
                Awaitility.await("a write").atMost(PATIENCE).ignoreExceptions().until(() -> kv.put("after-restart", "1").ok());
            }
        }
    }

    private static JsonObject members(NodeProcesses cluster, int node) {
        try (KvHttpClient one = new KvHttpClient(List.of(cluster.urls().get(node)), 1)) {
            return one.send("GET", "/cluster/members", null).json();
        }
    }
}
