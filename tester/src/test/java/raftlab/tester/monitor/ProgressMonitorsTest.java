package raftlab.tester.monitor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;

/** commitIndex never decreases, nothing is applied beyond it, and a leader never drops its own entries. */
class ProgressMonitorsTest {
    /** One peer whose log, commit index and applied index the test sets. */
    private static final class Peer implements RaftInspection {
        long last;
        long lastTerm = 1;
        long commit;
        long applied;
        boolean leader;

        @Override
        public long lastLogIndex() {
            return last;
        }

        @Override
        public long logTerm(long index) {
            return index == 0 ? 0 : index <= last ? lastTerm : -2;
        }

        @Override
        public Object logCommand(long index) {
            return null;
        }

        @Override
        public long commitIndex() {
            return commit;
        }

        @Override
        public long matchIndex(int peer) {
            return -1;
        }
    }

    private final Peer peer = new Peer();
    private final ProgressMonitors monitors = new ProgressMonitors(1, i -> peer, i -> new PeerState(1, peer.leader),
            i -> peer.applied, i -> true);

    @Test
    void commitIndexNeverDecreases() {
        peer.last = 5;
        peer.commit = 4;
        monitors.check(1);
        peer.commit = 3;
        SafetyViolation v = assertThrows(SafetyViolation.class, () -> monitors.check(2));
        assertTrue(v.getMessage().contains("went from 4 to 3") && v.getMessage().contains("likely bugs"), v.getMessage());
        monitors.forget(0); // a restart starts again from what the peer recovers
        assertDoesNotThrow(() -> monitors.check(3));
    }

    @Test
    void nothingIsAppliedBeyondTheCommitIndex() {
        peer.last = 5;
        peer.commit = 2;
        peer.applied = 3;
        SafetyViolation v = assertThrows(SafetyViolation.class, () -> monitors.check(1));
        assertTrue(v.rule().equals(ProgressMonitors.APPLY_COMMITTED), v.getMessage());
    }

    @Test
    void aLeaderNeverDropsItsOwnEntries() {
        peer.leader = true;
        peer.last = 5;
        monitors.check(1);
        peer.last = 7;
        monitors.check(2);
        peer.last = 6;
        SafetyViolation v = assertThrows(SafetyViolation.class, () -> monitors.check(3));
        assertTrue(v.getMessage().contains("held entries through 7") && v.getMessage().contains("ends at 6"), v.getMessage());
    }

    @Test
    void aFollowerMayTruncate() {
        peer.last = 7;
        monitors.check(1);
        peer.last = 3;
        assertDoesNotThrow(() -> monitors.check(2));
    }
}
