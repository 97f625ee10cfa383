package raftlab.tester.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds test histories: by hand, and randomly from a sequential run with overlapping intervals. */
public final class Histories {
    private Histories() {
    }

    public static Operation put(int client, long call, long ret, String key, String value) {
        return new Operation(client, call, ret, new KvModel.Input("put", key, value, null), new KvModel.Output(null, null, "OK"));
    }

    public static Operation get(int client, long call, long ret, String key, String value) {
        return new Operation(client, call, ret, new KvModel.Input("get", key, null, null),
                value == null ? new KvModel.Output(null, null, "ErrNoKey") : new KvModel.Output(value, null, "OK"));
    }

    /**
     * A history that is linearizable by construction: operations run sequentially on a real map at
     * linearization points 10 apart; each gets an interval around its point, wide enough to overlap
     * its neighbours. Written values are unique. A third are puts, the rest gets.
     */
    static List<Operation> randomLinearizable(long seed, int n, int keys, int clients) {
        return random(seed, n, keys, clients, false);
    }

    /**
     * The same with range reads over every key (so the whole history is one part): a third puts, a
     * third gets, a third ranges.
     */
    static List<Operation> randomWithRanges(long seed, int n, int keys, int clients) {
        return random(seed, n, keys, clients, true);
    }

    private static List<Operation> random(long seed, int n, int keys, int clients, boolean ranges) {
        Random r = new Random(seed);
        java.util.TreeMap<String, String> store = new java.util.TreeMap<>();
        Map<String, Long> versions = new HashMap<>();
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long point = 10L * (i + 1);
            long call = point - r.nextInt(25);
            long ret = point + r.nextInt(25);
            String key = "k" + r.nextInt(keys);
            int client = r.nextInt(clients);
            int roll = r.nextInt(3);
            if (roll == 0) {
                String v = "v" + i;
                store.put(key, v);
                versions.merge(key, 1L, Long::sum);
                ops.add(put(client, call, ret, key, v));
            } else if (roll == 2 && ranges) {
                List<KvModel.Entry> es = new ArrayList<>();
                store.forEach((k, v) -> es.add(new KvModel.Entry(k, v, versions.get(k))));
                ops.add(new Operation(client, call, ret, new KvModel.Input("range", "k", null, null, null, 0),
                        new KvModel.Output(null, null, "OK", es)));
            } else {
                ops.add(get(client, call, ret, key, store.get(key)));
            }
        }
        return ops;
    }

    /**
     * The same, with one read made stale: it returns the value a key held before a write that
     * finished before the read began — which no linearization can explain. Returns null if the run
     * has no such read.
     */
    static List<Operation> withOneStaleRead(List<Operation> ops) {
        for (int g = ops.size() - 1; g >= 0; g--) {
            Operation read = ops.get(g);
            KvModel.Input in = (KvModel.Input) read.input();
            if (!in.op().equals("get")) {
                continue;
            }
            // writes to this key that completed before the read was called, latest first
            List<Operation> before = new ArrayList<>();
            for (int w = 0; w < g; w++) {
                Operation o = ops.get(w);
                KvModel.Input wi = (KvModel.Input) o.input();
                if (wi.op().equals("put") && wi.key().equals(in.key()) && o.ret() < read.call()) {
                    before.add(o);
                }
            }
            // an old value v1 superseded by a write w2 that started after v1's write ended
            for (int a = 0; a < before.size(); a++) {
                for (int b = a + 1; b < before.size(); b++) {
                    Operation w1 = before.get(a);
                    Operation w2 = before.get(b);
                    if (w1.ret() < w2.call()) {
                        String stale = ((KvModel.Input) w1.input()).value();
                        List<Operation> copy = new ArrayList<>(ops);
                        copy.set(g, get(read.client(), read.call(), read.ret(), in.key(), stale));
                        return copy;
                    }
                }
            }
        }
        return null;
    }

    /** One range read misses a key whose first write finished before the read began; null if none does. */
    static List<Operation> withOneRangeMissingAKey(List<Operation> ops) {
        for (int g = ops.size() - 1; g >= 0; g--) {
            Operation read = ops.get(g);
            KvModel.Output out = (KvModel.Output) read.output();
            if (!((KvModel.Input) read.input()).op().equals("range") || out.entries().isEmpty()) {
                continue;
            }
            for (KvModel.Entry e : out.entries()) {
                boolean writtenBefore = ops.stream().anyMatch(o -> ((KvModel.Input) o.input()).op().equals("put")
                        && ((KvModel.Input) o.input()).key().equals(e.key()) && o.ret() < read.call());
                if (writtenBefore) {
                    List<KvModel.Entry> fewer = new ArrayList<>(out.entries());
                    fewer.remove(e);
                    List<Operation> copy = new ArrayList<>(ops);
                    copy.set(g, new Operation(read.client(), read.call(), read.ret(), read.input(),
                            new KvModel.Output(null, null, "OK", fewer)));
                    return copy;
                }
            }
        }
        return null;
    }
}
