package raftlab.tester.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How {@link KvModel} splits a history into parts the checker can search one at a time: operations
 * on different keys commute, so each key is its own part unless an operation ties keys together.
 */
final class KvPartitions {
    private KvPartitions() {
    }

    /**
     * One part per key, except that a range read joins every key of the history it covers, and a
     * batch the keys it writes, into one part (union-find over keys), so each part is still
     * independent of the others.
     */
    static List<List<Operation>> split(List<Operation> history) {
        TreeSet<String> keys = new TreeSet<>();
        for (Operation o : history) {
            KvModel.Input i = (KvModel.Input) o.input();
            if (!i.op().equals("range")) {
                keys.addAll(keysOf(i));
            }
        }
        Map<String, String> parent = new HashMap<>();
        for (String k : keys) {
            parent.put(k, k);
        }
        for (Operation o : history) {
            KvModel.Input i = (KvModel.Input) o.input();
            if (!i.op().equals("get")) {
                String first = null;
                for (String k : i.op().equals("range") ? covered(keys, i) : keysOf(i)) {
                    if (first == null) {
                        first = k;
                    } else {
                        parent.put(find(parent, k), find(parent, first));
                    }
                }
            }
        }
        Map<String, List<Operation>> parts = new TreeMap<>();
        for (Operation o : history) {
            KvModel.Input i = (KvModel.Input) o.input();
            String root;
            if (i.op().equals("range")) {
                NavigableSet<String> c = covered(keys, i);
                root = c.isEmpty() ? "\u0000range " + i.key() + ".." + i.end() : find(parent, c.first());
            } else {
                root = find(parent, keysOf(i).get(0));
            }
            parts.computeIfAbsent(root, r -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(parts.values());
    }

    /** The keys an operation other than a range names: its own, or a batch's. */
    private static List<String> keysOf(KvModel.Input i) {
        return i.op().equals("batch") ? i.ops().stream().map(KvModel.Input::key).toList() : List.of(i.key());
    }

    private static NavigableSet<String> covered(TreeSet<String> keys, KvModel.Input range) {
        if (range.end() != null && range.end().compareTo(range.key()) < 0) {
            return new TreeSet<>(); // an inverted range covers nothing (the store refuses it)
        }
        return range.end() == null ? keys.tailSet(range.key(), true) : keys.subSet(range.key(), true, range.end(), false);
    }

    private static String find(Map<String, String> parent, String k) {
        String p = parent.get(k);
        while (!p.equals(k)) {
            String gp = parent.get(p);
            parent.put(k, gp);
            k = p;
            p = gp;
        }
        return k;
    }
}
