package raftlab.tester.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
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

    /** A linearized operation: its call entry, the state before it, and which alternative was taken (1: no effect). */
    private record Frame<S>(Entry call, S before, int alternative) {
    }

    private final Model<S> model;
    private final List<Operation> ops;
    private final Entry head = new Entry(-1, true, Long.MIN_VALUE);
    private int remainingReturns;
    /** The longest linearized prefix found so far (operation indexes, in order). */
    private final List<Integer> longest = new ArrayList<>();
    /** For each step of {@link #longest}: 1 if the operation was taken as having had no effect. */
    private final List<Integer> longestAlternatives = new ArrayList<>();
    /** How many bottom frames of the current stack are known to equal {@link #longest}'s prefix. */
    private int sharedWithLongest;

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
        List<Frame<S>> stack = new ArrayList<>();
        Entry entry = head.next;
        int firstAlternative = 0;
        long steps = 0;
        outer:
        while (remainingReturns > 0) {
            if ((++steps & 1023) == 0 && stop.getAsBoolean()) {
                return result(Verdict.UNKNOWN);
            }
            if (entry.call) {
                Operation op = ops.get(entry.op);
                int alternatives = op.pending() || !model.mayHaveNoEffect(op.input(), op.output()) ? 1 : 2;
                for (int alt = firstAlternative; alt < alternatives; alt++) {
                    S next = alt == 0 ? model.step(state, op.input(), op.output()) : state;
                    if (next == null) {
                        continue;
                    }
                    BitSet after = (BitSet) linearized.clone();
                    after.set(entry.op);
                    if (seen.add(new Config<>(after, next))) {
                        stack.add(new Frame<>(entry, state, alt));
                        state = next;
                        linearized = after;
                        lift(entry);
                        if (stack.size() > longest.size()) {
                            remember(stack);
                        }
                        entry = head.next;
                        firstAlternative = 0;
                        continue outer;
                    }
                }
                entry = entry.next;
                firstAlternative = 0;
            } else {
                // A return whose call is not linearized yet: nothing placed so far can be followed by it.
                if (stack.isEmpty()) {
                    return result(Verdict.NOT_LINEARIZABLE);
                }
                Frame<S> top = stack.remove(stack.size() - 1);
                sharedWithLongest = Math.min(sharedWithLongest, stack.size());
                state = top.before();
                linearized = (BitSet) linearized.clone();
                linearized.clear(top.call().op);
                unlift(top.call());
                // Try the same operation's other alternative (no effect) before moving past it.
                entry = top.alternative() == 0 ? top.call() : top.call().next;
                firstAlternative = top.alternative() == 0 ? 1 : 0;
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

    /**
     * Makes the current stack the longest prefix. Only the frames above the part both share are
     * copied, so a search that just keeps going deeper costs O(1) per step, not O(depth).
     */
    private void remember(List<Frame<S>> stack) {
        longest.subList(sharedWithLongest, longest.size()).clear();
        longestAlternatives.subList(sharedWithLongest, longestAlternatives.size()).clear();
        for (int k = sharedWithLongest; k < stack.size(); k++) {
            longest.add(stack.get(k).call().op);
            longestAlternatives.add(stack.get(k).alternative());
        }
        sharedWithLongest = stack.size();
    }

    /** States are described only for the report of an illegal part: describing is the costly bit. */
    private PartitionResult result(Verdict verdict) {
        List<String> states = new ArrayList<>();
        if (verdict == Verdict.NOT_LINEARIZABLE) {
            S s = model.init();
            for (int k = 0; k < longest.size(); k++) {
                Operation op = ops.get(longest.get(k));
                if (longestAlternatives.get(k) == 0) { // else: a "maybe" taken as having had no effect
                    s = model.step(s, op.input(), op.output());
                }
                states.add(model.describeState(s));
            }
        }
        return new PartitionResult(ops, verdict, List.copyOf(longest), states);
    }
}
