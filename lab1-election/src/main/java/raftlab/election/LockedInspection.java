package raftlab.election;

import java.util.function.BooleanSupplier;
import raftlab.labrpc.raft.RaftInspection;

/**
 * The tester's read-only view of a node's log: each read takes the node's lock, so a monitor on
 * another thread never sees a half-made change; a follower reports no matchIndex.
 */
final class LockedInspection implements RaftInspection {
    private final Object lock;
    private final RaftInspection view;
    private final BooleanSupplier leading;

    LockedInspection(Object lock, RaftInspection view, BooleanSupplier leading) {
        this.lock = lock;
        this.view = view;
        this.leading = leading;
    }

    @Override
    public long lastLogIndex() {
        synchronized (lock) {
            return view.lastLogIndex();
        }
    }

    @Override
    public long logTerm(long index) {
        synchronized (lock) {
            return view.logTerm(index);
        }
    }

    @Override
    public Object logCommand(long index) {
        synchronized (lock) {
            return view.logCommand(index);
        }
    }

    @Override
    public long commitIndex() {
        synchronized (lock) {
            return view.commitIndex();
        }
    }

    @Override
    public long logBase() {
        synchronized (lock) {
            return view.logBase();
        }
    }

    @Override
    public long matchIndex(int peer) {
        synchronized (lock) {
            return leading.getAsBoolean() ? view.matchIndex(peer) : -1;
        }
    }

    @Override
    public void locked(Runnable body) {
        synchronized (lock) {
            body.run();
        }
    }
}
