// SOLUTION FILE
package raftlab.snapshots;

import java.util.Map;
import java.util.TreeMap;
import raftlab.raft.Membership;

/**
 * The configurations a peer's log holds, by index, over the one in effect before them (from the
 * snapshot, or the one the peer started with). Passive: the node tells it what entered and left its log.
 */
final class Configurations {
    private final TreeMap<Long, Membership> inLog = new TreeMap<>();
    private Membership before;

    Configurations(Membership before) {
        this.before = before;
    }

    /** The configuration in use: the latest the log holds, committed or not (thesis §4.1). */
    Membership latest() {
        return inLog.isEmpty() ? before : inLog.lastEntry().getValue();
    }

    /** The index of the latest configuration entry, or 0 if the log holds none. */
    long latestIndex() {
        return inLog.isEmpty() ? 0 : inLog.lastKey();
    }

    /** The configuration in effect at {@code index}: the latest at or before it. */
    Membership at(long index) {
        Map.Entry<Long, Membership> e = inLog.floorEntry(index);
        return e == null ? before : e.getValue();
    }

    void appended(long index, Membership m) {
        inLog.put(index, m);
    }

    /** The log lost its entries from {@code index} on: the configurations they held no longer count. */
    void truncatedFrom(long index) {
        inLog.tailMap(index, true).clear();
    }

    /** A snapshot holding {@code m} replaced the log through its index: the node adds what its log still holds after it. */
    void replacedBy(Membership m) {
        inLog.clear();
        before = m;
    }
}
