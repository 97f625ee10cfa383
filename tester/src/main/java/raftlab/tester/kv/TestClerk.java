package raftlab.tester.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import raftlab.kv.BatchResult;
import raftlab.kv.KvClerk;
import raftlab.kv.KvEntry;
import raftlab.kv.KvLimits;
import raftlab.kv.KvResult;
import raftlab.kv.KvWrite;
import raftlab.kv.RangeResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.linearizability.KvModel;

/**
 * The tester's handle on one student clerk: the same operations, each recorded in the run's
 * history. Its futures complete once the answer is recorded.
 */
public final class TestClerk implements KvClerk {
    private final int id;
    private final KvClerk clerk;
    private final KvHistory history;
    final List<String> ends;

    private final LabRun run;

    TestClerk(LabRun run, int id, KvClerk clerk, KvHistory history, List<String> ends) {
        this.run = run;
        this.id = id;
        this.clerk = clerk;
        this.history = history;
        this.ends = ends;
    }

    public int id() {
        return id;
    }

    /** The run, for scheduling this client's next step ({@code ck.run().schedule(...)}). */
    public LabRun run() {
        return run;
    }

    @Override
    public CompletableFuture<KvResult> get(String key) {
        return record(new KvModel.Input("get", key, null, null), () -> clerk.get(key));
    }

    @Override
    public CompletableFuture<KvResult> put(String key, String value) {
        return record(new KvModel.Input("put", key, value, null), () -> clerk.put(key, value));
    }

    @Override
    public CompletableFuture<KvResult> append(String key, String value) {
        return record(new KvModel.Input("append", key, value, null), () -> clerk.append(key, value));
    }

    @Override
    public CompletableFuture<KvResult> delete(String key) {
        return record(new KvModel.Input("delete", key, null, null), () -> clerk.delete(key));
    }

    @Override
    public CompletableFuture<KvResult> putIfVersion(String key, String value, long version) {
        return record(new KvModel.Input("cas", key, value, version), () -> clerk.putIfVersion(key, value, version));
    }

    @Override
    public CompletableFuture<RangeResult> range(String start, String end, int limit) {
        KvHistory.Call c = history.begin(id, new KvModel.Input("range", start, null, null, end, limit));
        return clerk.range(start, end, limit).whenComplete((r, e) -> {
            if (r != null) {
                List<KvModel.Entry> es = r.entries().stream().map(TestClerk::entry).toList();
                history.end(c, new KvModel.Output(null, null, r.status().wireName(), es));
            }
        });
    }

    @Override
    public CompletableFuture<BatchResult> batch(List<KvWrite> writes) {
        if (KvLimits.checkBatch(writes) != null) {
            return clerk.batch(writes); // malformed: it must change nothing, so the history has no place for it
        }
        KvHistory.Call c = history.begin(id, KvModel.Input.batchOf(writes));
        return clerk.batch(writes).whenComplete((r, e) -> {
            if (r != null) {
                history.end(c, new KvModel.Output(null, null, r.status().wireName(), null, r.failed() < 0 ? null : r.failed()));
            }
        });
    }


    private static KvModel.Entry entry(KvEntry e) {
        return new KvModel.Entry(e.key(), e.value(), e.version());
    }

    private CompletableFuture<KvResult> record(KvModel.Input input, Supplier<CompletableFuture<KvResult>> call) {
        KvHistory.Call c = history.begin(id, input); // stamped before the clerk can act
        return call.get().whenComplete((r, e) -> {
            if (r != null) {
                boolean read = input.op().equals("get");
                history.end(c, new KvModel.Output(read ? r.value() : null, read && r.ok() ? r.version() : null,
                        r.status().wireName()));
            }
        });
    }
}
