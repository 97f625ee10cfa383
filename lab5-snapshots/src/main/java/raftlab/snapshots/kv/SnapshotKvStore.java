// SOLUTION FILE
package raftlab.snapshots.kv;

import raftlab.kv.KvCapacity;
import raftlab.kvservice.KvStore;

/** Lab 4's store, with its keys and its exactly-once table taken into and out of snapshots. */
final class SnapshotKvStore extends KvStore implements Snapshottable {
    SnapshotKvStore(KvCapacity capacity) {
        super(capacity);
    }

    @Override
    public synchronized byte[] snapshot() {
        return KvSnapshotCodec.encode(data, lastSessionId, sessions.entries());
    }

    @Override
    public synchronized void restore(byte[] snapshot) {
        KvSnapshotCodec.State s = KvSnapshotCodec.decode(snapshot); // refuses a corrupt one before anything changes
        data.clear();
        data.putAll(s.keys());
        storeBytes = 0;
        data.forEach((key, cell) -> storeBytes += bytesOf(key, cell.value()));
        sessions.entries().clear();
        sessions.entries().putAll(s.sessions()); // least recently active first, so replicas go on evicting alike
        lastSessionId = s.lastSessionId();
    }
}
