package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.MemberClient;
import raftlab.tester.linearizability.Operation;

/**
 * Membership changes on real nodes ({@code /cluster/members}): a node added to a running cluster under
 * load catches up and votes, the leader removes itself and another takes over, and the clients'
 * history stays linearizable throughout; a node restarted after the add finds the new node's address
 * in the store.
 */
class MembershipChangesTest {
    /** Small, so that the cluster snapshots before the new node joins and it catches up by InstallSnapshot. */
    private static final long MAX_RAFT_STATE = 16 << 10;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void aNodeAddedAndTheLeaderRemovedUnderLoadKeepTheHistoryLinearizable() throws Exception {
        try (LocalCluster cluster = LocalCluster.growable(tmp, 3, MAX_RAFT_STATE, 5)) {
            Set<Integer> removed = ConcurrentHashMap.newKeySet();
            List<Operation> history;
            MemberClient members = new MemberClient(() -> live(cluster, removed), LocalCluster.TOKEN);
            int newcomer;
            int oldLeader;
            try (RecordedClients clients = new RecordedClients(4, () -> live(cluster, removed), 7)) {
                Awaitility.await("writes before the change").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= 150);
                assertTrue(cluster.node(cluster.awaitLeader()).raft().inspect().logBase() > 0, "the cluster has snapshotted");

                newcomer = cluster.startJoiningNode();
                JsonObject added = members.add(cluster.peerUrl(newcomer), cluster.url(newcomer), PATIENCE);
                assertEquals(newcomer, added.get("id").getAsInt());
                assertEquals("[0,1,2,3]", added.get("voters").toString(), "the new node votes: " + added);
                long before = clients.acknowledgedWrites();
                Awaitility.await("writes with four voters").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= before + 100);

                oldLeader = cluster.awaitLeader();
                JsonObject left = members.remove(oldLeader, PATIENCE);
                assertTrue(!left.getAsJsonArray("voters").toString().contains(String.valueOf(oldLeader)), "removed: " + left);
                removed.add(oldLeader);
                Awaitility.await("another node leads").atMost(PATIENCE).until(() -> leaderOtherThan(cluster, oldLeader));
                cluster.stop(oldLeader);
                long after = clients.acknowledgedWrites();
                Awaitility.await("writes after the leader left").atMost(PATIENCE).until(() -> clients.acknowledgedWrites() >= after + 100);
                history = clients.stop();
            }
            RecordedClients.assertLinearizable(history, "membership-changes");

            int follower = live(cluster, removed).stream().map(cluster.urls()::indexOf)
                    .filter(i -> i != newcomer && !cluster.node(i).raft().state().leader()).findFirst().orElseThrow();
            cluster.stop(follower);
            cluster.restart(follower);
            try (KvHttpClient one = new KvHttpClient(List.of(cluster.url(follower)), 1)) {
                Awaitility.await("node " + follower + " lists the added node after a restart").atMost(PATIENCE).ignoreExceptions()
                        .until(() -> one.send("GET", "/cluster/members", null).json().getAsJsonArray("nodes").size() == 4
                                && one.status().json().getAsJsonArray("nodes").size() == 3
                                && one.status().json().get("leader") != null);
            }
            assertNotEquals(oldLeader, cluster.awaitLeader());
        }
    }

    private static List<String> live(LocalCluster cluster, Set<Integer> removed) {
        List<String> urls = new ArrayList<>(cluster.urls());
        removed.forEach(i -> urls.set(i, null));
        urls.removeIf(u -> u == null);
        return urls;
    }

    private static boolean leaderOtherThan(LocalCluster cluster, int old) {
        for (int i = 0; i < cluster.urls().size(); i++) {
            if (i != old && cluster.node(i) != null && cluster.node(i).raft().state().leader()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nothingIsRecordedForANodeThatIsNotThereOrRunsAsAnotherId() {
        try (LocalCluster cluster = LocalCluster.growable(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE, 5)) {
            cluster.awaitLeader();
            MemberClient members = new MemberClient(cluster::urls, LocalCluster.TOKEN);
            IllegalStateException absent = assertThrows(IllegalStateException.class,
                    () -> members.add("http://127.0.0.1:1", "http://127.0.0.1:2", Duration.ofSeconds(2)));
            assertTrue(absent.getMessage().contains("no node answers at http://127.0.0.1:2"), absent.getMessage());

            cluster.startJoiningNode(); // runs as node 3
            int four = cluster.startJoiningNode();
            MemberClient.Refused wrongId = assertThrows(MemberClient.Refused.class,
                    () -> members.add(cluster.peerUrl(four), cluster.url(four), PATIENCE));
            assertTrue(wrongId.getMessage().contains("runs as node 4; the next id is 3"), wrongId.getMessage());
            try (KvHttpClient kv = new KvHttpClient(cluster.urls().subList(0, 3), 1)) {
                JsonObject m = kv.send("GET", "/cluster/members", null).json();
                assertEquals(3, m.getAsJsonArray("nodes").size(), "nothing recorded: " + m);
                assertEquals("[0,1,2]", m.get("voters").toString());
            }
        }
    }

    @Test
    void aClusterStartedWithoutRoomRefusesToGrow() {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            cluster.awaitLeader();
            MemberClient members = new MemberClient(cluster::urls, LocalCluster.TOKEN);
            MemberClient.Refused e = assertThrows(MemberClient.Refused.class,
                    () -> members.add("http://127.0.0.1:1", "http://127.0.0.1:2", PATIENCE));
            assertTrue(e.status == 409 && e.getMessage().contains("max-nodes"), e.getMessage());
        }
    }
}
