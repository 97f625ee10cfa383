package raftlab.server.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who the cluster status names as leader when the nodes disagree about the term. */
class ClusterStatusTest {
    private static NodeStatus node(int id, String role, long term) {
        return new NodeStatus(id, "http://n" + id, true, role, term, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null);
    }

    @Test
    void aCutOffFollowerCampaigningInHigherTermsDoesNotHideTheLeader() {
        ClusterStatus s = ClusterStatus.of(List.of(node(0, NodeStatus.LEADER, 5), node(1, NodeStatus.FOLLOWER, 5),
                node(2, NodeStatus.FOLLOWER, 16)));
        assertEquals(0, s.leader(), "node 0 leads the majority; node 2's term deposes nobody while it is cut off");
        assertEquals(16, s.term());
    }

    @Test
    void aDeposedLeaderLosesToItsSuccessor() {
        ClusterStatus s = ClusterStatus.of(List.of(node(0, NodeStatus.LEADER, 5), node(1, NodeStatus.LEADER, 6),
                node(2, NodeStatus.FOLLOWER, 6)));
        assertEquals(1, s.leader());
    }

    @Test
    void noLeaderWhileNobodyLeadsOrAnswers() {
        assertNull(ClusterStatus.of(List.of(node(0, NodeStatus.FOLLOWER, 3), NodeStatus.unreachable(1, "http://n1", "down"))).leader());
    }
}
