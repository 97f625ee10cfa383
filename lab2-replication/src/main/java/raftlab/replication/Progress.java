// SOLUTION FILE
package raftlab.replication;

/**
 * What a leader knows of one follower's log (Figure 2's nextIndex and matchIndex), plus whether a
 * batch of entries is on its way unanswered. Passive: the leader reads and updates it.
 */
public final class Progress {
    /** The index of the next entry to send. */
    private long next;
    /** The highest index known to be replicated on the follower. */
    private long match;
    /** A batch of entries is on its way and unanswered (heartbeats still go out, and retry it). */
    private boolean inflight;

    Progress(long next) {
        this.next = next;
    }

    public long next() {
        return next;
    }

    public long match() {
        return match;
    }

    boolean inflight() {
        return inflight;
    }

    void sent(boolean carriedEntries) {
        inflight = carriedEntries;
    }

    /**
     * The follower holds everything through {@code index}. Replies arrive out of order, so neither
     * index ever moves back.
     */
    public void acknowledged(long index) {
        inflight = false;
        match = Math.max(match, index);
        next = Math.max(next, index + 1);
    }

    /**
     * The follower refused entries after {@code prevIndex}; resume at {@code resumeAt}. A refusal of
     * something sent before {@code next} last moved is stale and changes nothing.
     *
     * @return false if the refusal was stale
     */
    boolean refused(long prevIndex, long resumeAt) {
        inflight = false;
        if (next != prevIndex + 1) {
            return false;
        }
        next = Math.max(match + 1, resumeAt);
        return true;
    }
}
