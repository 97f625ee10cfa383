package raftlab.snapshots;

import raftlab.election.Compaction;
import raftlab.labrpc.storage.Storage;
import raftlab.replication.Applier;
import raftlab.replication.RaftLog;

/**
 * The service's snapshot through an index it has applied: the log drops its prefix, and storage
 * keeps the snapshot and the remaining tail together, durably, before anything else happens.
 * Runs with the node's lock held (the service may call it from its apply handler: the applier
 * delivers outside the lock, so there is no deadlock).
 */
final class LogCompaction implements Compaction {
    private final RaftLog log;
    private final Storage storage;
    private final Applier applier;

    LogCompaction(RaftLog log, Storage storage, Applier applier) {
        this.log = log;
        this.storage = storage;
        this.applier = applier;
    }

    @Override
    public void snapshot(long index, byte[] data) {
        // BEGIN SOLUTION
        if (index <= log.base()) {
            return; // we already hold a snapshot at least this recent
        }
        if (index > applier.lastApplied()) {
            throw new IllegalArgumentException("snapshot through " + index + " but only " + applier.lastApplied()
                    + " entries were applied: a service can only snapshot what it has seen");
        }
        long term = log.termAt(index);
        log.compactThrough(index, term);
        storage.saveSnapshot(index, term, data);
        storage.sync();
        // ELSE STUB
        // // TODO lab 5A: drop the log through index and save the snapshot with the rest of the log, durably
        // END SOLUTION
    }
}
