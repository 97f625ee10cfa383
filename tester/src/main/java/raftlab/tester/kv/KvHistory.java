package raftlab.tester.kv;

import java.util.ArrayList;
import java.util.List;
import raftlab.tester.harness.LabRun;
import raftlab.tester.linearizability.KvModel;
import raftlab.tester.linearizability.Operation;
import raftlab.labrpc.trace.TraceEvent;

/**
 * Every clerk operation of a test, for the linearizability checker. An operation is stamped when it
 * is called (before the clerk sees it) and when its answer reaches the tester (after the clerk is
 * done), so its recorded interval contains the moment it took effect. Stamps are microseconds of run
 * time, made strictly increasing so two events in the same virtual millisecond keep their order.
 */
public final class KvHistory {
    private final LabRun run;
    private final List<Call> calls = new ArrayList<>();
    private long lastStamp;

    /** One recorded call; {@code ret} and {@code output} are set when it returns. */
    static final class Call {
        final int client;
        final int number;
        final long call;
        final KvModel.Input input;
        long ret = Operation.PENDING;
        KvModel.Output output;

        Call(int client, int number, long call, KvModel.Input input) {
            this.client = client;
            this.number = number;
            this.call = call;
            this.input = input;
        }
    }

    KvHistory(LabRun run) {
        this.run = run;
    }

    private long stamp() {
        lastStamp = Math.max(run.now() * 1000, lastStamp + 1);
        return lastStamp;
    }

    synchronized Call begin(int client, KvModel.Input input) {
        Call c = new Call(client, calls.size(), stamp(), input);
        calls.add(c);
        TraceEvent e = run.trace().event("op").put("clerk", "C" + client).put("n", c.number)
                .put("op", input.op()).put("key", KvCluster.abbreviate(keysOf(input)));
        if (input.value() != null) {
            e.put("value", KvCluster.abbreviate(input.value()));
        }
        e.emit();
        return c;
    }

    /** An operation's key, or a batch's keys joined by commas. */
    private static String keysOf(KvModel.Input input) {
        if (input.ops() != null) {
            return String.join(",", input.ops().stream().map(KvModel.Input::key).toList());
        }
        return input.key() == null ? "" : input.key();
    }

    synchronized void end(Call c, KvModel.Output output) {
        c.ret = stamp();
        c.output = output;
        TraceEvent e = run.trace().event("op-done").put("clerk", "C" + c.client).put("n", c.number)
                .put("status", output.err());
        if (output.value() != null) {
            e.put("value", KvCluster.abbreviate(output.value()));
        }
        e.emit();
    }

    /** The history so far; calls still running are pending (they may or may not take effect). */
    public synchronized List<Operation> operations() {
        List<Operation> out = new ArrayList<>(calls.size());
        for (Call c : calls) {
            out.add(new Operation(c.client, c.call, c.ret, c.input, c.ret == Operation.PENDING ? null : c.output));
        }
        return out;
    }

    public synchronized int size() {
        return calls.size();
    }
}
