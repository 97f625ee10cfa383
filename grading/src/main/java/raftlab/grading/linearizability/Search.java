package raftlab.grading.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The linearizability search for one part of a history: Wing and Gong's backtracking over call and
 * return events, with Lowe's memoization of (set of operations linearized, state) so equivalent
 * configurations are explored once. Pending operations may be linearized anywhere after their call,
 * or not at all.
 */
final class Search<S> {
    private static final class Entry {
        final int op;
        final boolean call;
        final long time;
        Entry match; // a call's return entry (null if the operation is pending)
        Entry prev;
        Entry next;

        Entry(int op, boolean call, long time) {
            this.op = op;
            this.call = call;
            this.time = time;
        }
    }

    private record Config<S>(BitSet linearized, S state) {
    }

    private record Frame<S>(Entry call, S before) {
    }

    private final Model<S> model;
    private final List<Operation> ops;
    private final Entry head = new Entry(-1, true, Long.MIN_VALUE);
    private int remainingReturns;
    private List<Integer> longest = List.of();
    private List<String> longestStates = List.of();

    Search(Model<S> model, List<Operation> ops) {
        this.model = model;
        this.ops = ops;
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation o = ops.get(i);
            Entry call = new Entry(i, true, o.call());
            entries.add(call);
            if (!o.pending()) {
                call.match = new Entry(i, false, o.ret());
                entries.add(call.match);
                remainingReturns++;
            }
        }
        // By time; on a tie calls come first, so operations that touch at an instant count as concurrent.
        entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1)
                .thenComparingInt(e -> e.op));
        Entry last = head;
        for (Entry e : entries) {
            last.next = e;
            e.prev = last;
            last = e;
        }
    }

    /** @param stop polled now and then; when it says true the search gives up with UNKNOWN */
    PartitionResult run(BooleanSupplier stop) {
        S state = model.init();
        BitSet linearized = new BitSet(ops.size());
        Set<Config<S>> seen = new HashSet<>();
        Deque<Frame<S>> stack = new ArrayDeque<>();
        Entry entry = head.next;
        long steps = 0;
        while (remainingReturns > 0) {
            if ((++steps & 1023) == 0 && stop.getAsBoolean()) {
                return result(Verdict.UNKNOWN);
            }
            if (entry.call) {
                Operation op = ops.get(entry.op);
                S next = model.step(state, op.input(), op.output());
                if (next != null) {
                    BitSet after = (BitSet) linearized.clone();
                    after.set(entry.op);
                    if (seen.add(new Config<>(after, next))) {
                        stack.push(new Frame<>(entry, state));
                        state = next;
                        linearized = after;
                        lift(entry);
                        if (stack.size() > longest.size()) {
                            remember(stack);
                        }
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                // A return whose call is not linearized yet: nothing placed so far can be followed by it.
                if (stack.isEmpty()) {
                    return result(Verdict.NOT_LINEARIZABLE);
                }
                Frame<S> top = stack.pop();
                state = top.before();
                linearized = (BitSet) linearized.clone();
                linearized.clear(top.call().op);
                unlift(top.call());
                entry = top.call().next;
            }
        }
        return result(Verdict.LINEARIZABLE);
    }

    private void lift(Entry call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Entry ret = call.match;
        if (ret != null) {
            ret.prev.next = ret.next;
            if (ret.next != null) {
                ret.next.prev = ret.prev;
            }
            remainingReturns--;
        }
    }

    private void unlift(Entry call) {
        Entry ret = call.match;
        if (ret != null) {
            ret.prev.next = ret;
            if (ret.next != null) {
                ret.next.prev = ret;
            }
            remainingReturns++;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }

    private void remember(Deque<Frame<S>> stack) {
        List<Integer> order = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<Frame<S>> frames = new ArrayList<>(stack);
        java.util.Collections.reverse(frames);
        S s = model.init();
        for (Frame<S> f : frames) {
            Operation op = ops.get(f.call().op);
            s = model.step(s, op.input(), op.output());
            order.add(f.call().op);
            states.add(model.describeState(s));
        }
        longest = order;
        longestStates = states;
    }

    private PartitionResult result(Verdict verdict) {
        return new PartitionResult(ops, verdict, longest, longestStates);
    }
}
