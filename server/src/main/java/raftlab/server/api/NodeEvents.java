package raftlab.server.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What happened on one node, in the words a student watching Raft looks for: it started, a new term
 * began, it became leader or follower, it took a snapshot or installed the leader's. Found by
 * comparing the node's status with the previous sample (the server samples it every
 * {@link #SAMPLE_MS} ms) and counting the InstallSnapshot calls it answered, so it sees any Raft, the
 * student's included, from the outside; changes that come and go between two samples are not seen.
 */
public final class NodeEvents {
    public static final long SAMPLE_MS = 100;
    static final int KEPT = 300;

    /** One event: when (epoch ms), on which node, what kind, in which term, and a sentence. */
    public record Event(long at, int node, String kind, long term, String text) {
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private NodeStatus last;
    private long installCalls;

    /**
     * Compares {@code now} with the previous sample and records what changed; {@code installCalls} is
     * how many InstallSnapshot calls the node has answered so far (a new snapshot with new calls is the
     * leader's, one without is the node's own).
     */
    public synchronized void sample(NodeStatus now, long installCalls, long atMillis) {
        NodeStatus before = last;
        boolean installing = installCalls > this.installCalls;
        last = now;
        this.installCalls = installCalls;
        if (before == null) {
            add(new Event(atMillis, now.id(), "start", now.term(), "started: term " + now.term() + ", log up to index "
                    + now.lastLogIndex() + (now.snapshotIndex() > 0 ? ", snapshot at " + now.snapshotIndex() : "")));
            return;
        }
        boolean leads = NodeStatus.LEADER.equals(now.role());
        if (leads && !NodeStatus.LEADER.equals(before.role())) {
            add(new Event(atMillis, now.id(), "leader", now.term(), "became leader in term " + now.term()));
        } else if (!leads && NodeStatus.LEADER.equals(before.role())) {
            add(new Event(atMillis, now.id(), "follower", now.term(), "stepped down: follower in term " + now.term()));
        } else if (now.term() != before.term()) {
            add(new Event(atMillis, now.id(), "term", now.term(), "term " + now.term() + " began"
                    + (now.term() > before.term() + 1 ? " (" + (now.term() - before.term()) + " terms since the last sample)" : "")));
        }
        if (now.snapshotIndex() > before.snapshotIndex()) {
            add(new Event(atMillis, now.id(), installing ? "install" : "snapshot", now.term(), installing
                    ? "installed the leader's snapshot up to index " + now.snapshotIndex()
                    : "took a snapshot up to index " + now.snapshotIndex() + " (" + now.snapshotBytes() + " bytes)"));
        }
    }

    private void add(Event e) {
        events.addLast(e);
        while (events.size() > KEPT) {
            events.removeFirst();
        }
    }

    /** The events recorded so far, oldest first (at most {@link #KEPT}). */
    public synchronized List<Event> all() {
        return new ArrayList<>(events);
    }
}
