package raftlab.tester.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.trace.TraceSink;
import raftlab.raft.ApplyMsg;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.RaftInspection;
import raftlab.raft.StartResult;

/** A peer that applies commands must offer the log view the monitors read: otherwise they would be silently off. */
class TesterServiceTest {

    /** A peer that does nothing but say whether it has a view. */
    private record Peer(RaftInspection view) implements Raft {
        @Override
        public StartResult start(Object command) {
            return StartResult.notLeader(0);
        }

        @Override
        public PeerState state() {
            return new PeerState(0, false);
        }

        @Override
        public void kill() {
        }

        @Override
        public long persistedBytes() {
            return 0;
        }

        @Override
        public List<Service<?>> services() {
            return List.of();
        }

        @Override
        public RaftInspection inspect() {
            return view;
        }
    }

    @Test
    void applyingWithoutALogViewFails() {
        TesterService service = new TesterService(0, new Applied(1), 0, () -> new Peer(null), TraceSink.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> service.accept(new ApplyMsg.Command(1, 7)));
        assertTrue(e.getMessage().contains("inspect() returns null"), e.getMessage());
    }

    @Test
    void applyingWithALogViewPasses() {
        RaftInspection view = new RaftInspection() {
            @Override
            public long lastLogIndex() {
                return 1;
            }

            @Override
            public long logTerm(long index) {
                return 1;
            }

            @Override
            public Object logCommand(long index) {
                return 7;
            }

            @Override
            public long commitIndex() {
                return 1;
            }

            @Override
            public long matchIndex(int peer) {
                return -1;
            }
        };
        TesterService service = new TesterService(0, new Applied(1), 0, () -> new Peer(view), TraceSink.NONE);
        assertDoesNotThrow(() -> service.accept(new ApplyMsg.Command(1, 7)));
    }
}
