package raftlab.tester.harness;

import java.util.function.Consumer;
import java.util.function.Supplier;
import raftlab.labrpc.trace.TraceSink;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Raft;

/**
 * The apply stream of one tester peer: everything goes to {@link Applied}'s checks; in lab 5's Raft
 * tests the tester is also the service and snapshots every {@code interval} entries (6.5840's
 * applierSnap: at indexes 9, 19, 29, ... for 10), from the apply handler itself.
 */
final class TesterService implements Consumer<ApplyMsg> {
    private final int peer;
    private final Applied applied;
    private final int interval;
    private final Supplier<Raft> raft;
    private final TraceSink trace;
    /** Whether this incarnation was checked for a log view (once it applies its first command). */
    private boolean viewChecked;

    /** @param raft this incarnation's peer (known only once it is built; asked only when snapshotting) */
    TesterService(int peer, Applied applied, int interval, Supplier<Raft> raft, TraceSink trace) {
        this.peer = peer;
        this.applied = applied;
        this.interval = interval;
        this.raft = raft;
        this.trace = trace;
    }

    @Override
    public void accept(ApplyMsg msg) {
        if (msg instanceof ApplyMsg.Snapshot s) { // commands show in the state lines; a snapshot is worth its own
            trace.event("apply-snapshot").put("node", "S" + peer).put("index", s.index()).put("term", s.term())
                    .put("bytes", s.data().length).emit();
        }
        if (!viewChecked && msg instanceof ApplyMsg.Command) {
            requireLogView();
        }
        applied.apply(peer, msg);
        if (interval > 0 && msg instanceof ApplyMsg.Command c && (c.index() + 1) % interval == 0) {
            raft.get().snapshot(c.index(), TesterSnapshots.encode(applied.commandsThrough(peer, c.index())));
        }
    }

    /**
     * A peer that applies commands keeps a log, and the log monitors (Log Matching, Leader
     * Completeness, matchIndex, commit rule) read it through {@link Raft#inspect()}: a peer that offers
     * no view would pass with those checks silently off.
     */
    private void requireLogView() {
        Raft r = raft.get();
        if (r == null) {
            return; // applied while being built (a restored snapshot): checked at the next command
        }
        viewChecked = true;
        if (r.inspect() == null) {
            throw new IllegalStateException("S" + peer + " applies commands, but its inspect() returns null: implement the"
                    + " tester's read-only view of your log (RaftInspection, lab 2) so the log monitors can check it");
        }
    }
}
