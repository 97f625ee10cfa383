package raftlab.tester.harness;

import java.util.List;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.Storage;
import raftlab.labrpc.storage.StoredSnapshot;
import raftlab.labrpc.trace.TraceSink;

/**
 * The storage a tester peer is given: its own, with a {@code persist} line in the trace at every
 * {@link #sync()} (the term, vote and log end just made durable) and a {@code compact} line at every
 * snapshot saved. This is how the viewer shows a node's vote and when its state became durable.
 */
final class TracedStorage implements Storage {
    private final Storage disk;
    private final TraceSink trace;
    private final String node;
    private HardState staged;

    TracedStorage(Storage disk, TraceSink trace, String node) {
        this.disk = disk;
        this.trace = trace;
        this.node = node;
        this.staged = disk.hardState();
    }

    @Override
    public HardState hardState() {
        return disk.hardState();
    }

    @Override
    public void saveHardState(HardState state) {
        disk.saveHardState(state);
        synchronized (this) {
            staged = state;
        }
    }

    @Override
    public List<byte[]> logEntries() {
        return disk.logEntries();
    }

    @Override
    public long logBase() {
        return disk.logBase();
    }

    @Override
    public long lastLogIndex() {
        return disk.lastLogIndex();
    }

    @Override
    public void appendLog(long firstIndex, List<byte[]> records) {
        disk.appendLog(firstIndex, records);
    }

    @Override
    public void truncateLog(long index) {
        disk.truncateLog(index);
    }

    @Override
    public void saveSnapshot(long index, long term, byte[] data, String meta) {
        disk.saveSnapshot(index, term, data, meta);
        trace.event("compact").put("node", node).put("index", index).put("term", term).put("bytes", data.length).emit();
    }

    @Override
    public StoredSnapshot snapshot() {
        return disk.snapshot();
    }

    @Override
    public long snapshotBytes() {
        return disk.snapshotBytes();
    }

    @Override
    public void sync() {
        disk.sync();
        HardState h;
        synchronized (this) {
            h = staged;
        }
        trace.event("persist").put("node", node).put("term", h.term()).put("vote", h.votedFor())
                .put("last", disk.lastLogIndex()).emit();
    }

    @Override
    public long sizeBytes() {
        return disk.sizeBytes();
    }
}
