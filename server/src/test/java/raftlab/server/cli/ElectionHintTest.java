package raftlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import raftlab.server.cli.ClusterCommand.ElectionHint;
import raftlab.server.cli.ClusterCommand.Status;

/** What `./raftlab cluster` says about a cluster that cannot elect, and when. */
class ElectionHintTest {
    private static final long SECOND = 1_000_000_000L;

    private static Status noLeader(long term) {
        return new Status("no leader", true, false, term);
    }

    @Test
    void nobodyCampaigningAfterFiveSecondsPointsAtLabOneAndTheReference() {
        ElectionHint hint = new ElectionHint(false);
        assertNull(hint.after(noLeader(0), 0));
        assertNull(hint.after(noLeader(0), 4 * SECOND), "too early to say");
        String advice = hint.after(noLeader(0), 5 * SECOND);
        assertTrue(advice.contains("no node has campaigned") && advice.contains("--raft reference"), advice);
        assertNull(hint.after(noLeader(0), 9 * SECOND), "said once");
    }

    @Test
    void campaignsWithoutAWinnerAreCalledOutOnceAndTheReferenceIsNotSuggestedTwice() {
        ElectionHint hint = new ElectionHint(true);
        assertNull(hint.after(noLeader(7), 0));
        String advice = hint.after(noLeader(40), 15 * SECOND);
        assertTrue(advice.contains("none has won") && !advice.contains("--raft reference"), advice);
    }

    @Test
    void aLeaderOrANodeStillStartingResetsTheClock() {
        ElectionHint hint = new ElectionHint(false);
        assertNull(hint.after(noLeader(0), 0));
        assertNull(hint.after(new Status("leader: node 0", true, true, 1), 3 * SECOND));
        assertNull(hint.after(noLeader(0), 6 * SECOND));
        assertNull(hint.after(new Status("starting", false, false, 0), 12 * SECOND));
        assertNull(hint.after(noLeader(0), 13 * SECOND), "the clock starts again when all nodes are up");
    }
}
