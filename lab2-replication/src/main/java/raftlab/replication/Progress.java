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
    /**
     * A batch of entries was sent and no answer to any AppendEntries has come back since (heartbeats
     * still go out, and retry it).
     */
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

    public boolean inflight() {
        return inflight;
    }

    /** An AppendEntries leaves for the follower; {@code carriedEntries} if it is more than a heartbeat. */
    public void sent(boolean carriedEntries) {
        inflight = carriedEntries;
    }

    /**
     * The follower holds everything through {@code index}. Replies arrive out of order and twice, so
     * neither index ever moves back.
     *
     * @return true if this told the leader something new (match moved): only then is it worth sending more at once
     */
    public boolean acknowledged(long index) {
        inflight = false;
        if (index <= match) {
            return false;
        }
        match = index;
        next = Math.max(next, index + 1);
        return true;
    }

    /**
     * The follower refused entries after {@code prevIndex}; resume at {@code resumeAt}, never below
     * what it is known to hold. A refusal of something sent before {@code next} last moved is stale.
     *
     * @return true if {@code next} moved back, so a retry from there is worth sending at once
     */
    boolean backUp(long prevIndex, long resumeAt) {
        inflight = false;
        long before = next;
        if (before != prevIndex + 1) {
            return false;
        }
        next = Math.max(match + 1, resumeAt);
        return next < before;
    }
}
