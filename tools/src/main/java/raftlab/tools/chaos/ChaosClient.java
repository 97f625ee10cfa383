package raftlab.tools.chaos;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import raftlab.kv.KvWrite;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;
import raftlab.tester.linearizability.KvModel.Entry;
import raftlab.tester.linearizability.KvModel.Input;
import raftlab.tester.linearizability.KvModel.Output;
import raftlab.tester.linearizability.Operation;

/**
 * One client of a chaos run: random gets, puts, appends, versioned puts, deletes, batches and range
 * reads on a few keys, each sent once to one node (a node that is not the leader forwards it), and recorded for
 * the checker. A write with no answer (timeout, dead node, 503) is pending: it may still take effect.
 * A read with no answer changed nothing, and is left out.
 */
final class ChaosClient implements Runnable {
    /** Keys "g0".."g2", which range reads cover (the others, "k0".., only single-key operations). */
    static final int GROUP = 3;

    private final int id;
    /** The client URLs of the cluster's nodes now (a membership change adds or takes one). */
    private final java.util.function.Supplier<List<String>> urls;
    /** One single-node client per node: never resent behind our back. */
    private final java.util.Map<String, KvHttpClient> nodes = new java.util.HashMap<>();
    private final int keys;
    private final Random random;
    private final LongSupplier clock;
    private final Recorder recorder;
    private volatile boolean running = true;
    private final long[] seenVersion;
    private long n;

    /** Where operations go as they complete, with the time source they share. */
    interface Recorder {
        void record(Operation op, boolean acknowledgedWrite);
    }

    ChaosClient(int id, java.util.function.Supplier<List<String>> urls, int keys, long seed, LongSupplier clock, Recorder recorder) {
        this.id = id;
        this.urls = urls;
        this.keys = keys;
        this.random = new Random(seed);
        this.clock = clock;
        this.recorder = recorder;
        this.seenVersion = new long[keys];
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        try {
            while (running) {
                step();
            }
        } finally {
            nodes.values().forEach(KvHttpClient::close);
        }
    }

    private void step() {
        List<String> now = urls.get();
        KvHttpClient node = nodes.computeIfAbsent(now.get(random.nextInt(now.size())), u -> new KvHttpClient(List.of(u), 1));
        int dice = random.nextInt(100);
        n++;
        if (dice < 10) { // range reads tie their keys into one search for the checker: they get a group of their own
            read(node, new Input("range", "g", null, null, "h", 0), () -> node.scan("g", 0, false));
            return;
        }
        if (dice < 18) { // batches on the range's keys: a range read must never see part of one
            batch(node);
            return;
        }
        boolean grouped = random.nextInt(4) == 0;
        int k = grouped ? random.nextInt(GROUP) : random.nextInt(keys);
        String key = (grouped ? "g" : "k") + k;
        if (dice < 35) {
            read(node, new Input("get", key, null, null), () -> node.get(key, false));
        } else if (dice < 60) {
            String v = "c" + id + "." + n;
            write(new Input("put", key, v, null), () -> node.put(key, v));
        } else if (dice < 85) {
            String v = "[" + id + "." + n + "]";
            write(new Input("append", key, v, null), () -> node.append(key, v));
        } else if (dice < 95) {
            String v = "v" + id + "." + n;
            long expected = grouped ? 0 : seenVersion[k];
            write(new Input("cas", key, v, expected), () -> node.cas(key, v, expected));
        } else {
            write(new Input("delete", key, null, null), () -> node.delete(key));
        }
    }

    /** Two or three writes on the group's keys: appends and puts, and now and then a condition that may stop it. */
    private void batch(KvHttpClient node) {
        List<KvWrite> writes = new ArrayList<>();
        int size = 2 + random.nextInt(2);
        for (int i = 0; i < size; i++) {
            String key = "g" + random.nextInt(GROUP);
            String v = "<" + id + "." + n + "." + i + ">";
            writes.add(switch (random.nextInt(6)) {
                case 0 -> KvWrite.put(key, v);
                case 1 -> KvWrite.putIfVersion(key, v, 0);
                case 2 -> KvWrite.delete(key);
                default -> KvWrite.append(key, v);
            });
        }
        write(Input.batchOf(writes), () -> node.batch(writes));
    }

    private void read(KvHttpClient node, Input in, java.util.function.Supplier<Reply> send) {
        long call = clock.getAsLong();
        Reply r;
        try {
            r = send.get();
        } catch (IllegalStateException unreachable) {
            pause();
            return; // a read that got no answer had no effect
        }
        long ret = clock.getAsLong();
        Output out;
        try {
            out = switch (r.status()) {
                case 200 -> in.op().equals("range") ? new Output(null, null, "OK", entries(r.json().getAsJsonArray("entries")))
                        : new Output(r.field("value"), r.json().get("version").getAsLong(), "OK");
                case 404 -> new Output(null, null, "ErrNoKey");
                default -> null; // 503 and the like: no answer
            };
        } catch (RuntimeException notTheJsonExpected) {
            throw new IllegalStateException("node answered " + in.op() + " with " + r, notTheJsonExpected);
        }
        if (out == null) {
            pause();
            return;
        }
        if (in.op().equals("get") && in.key().startsWith("k")) {
            seenVersion[Integer.parseInt(in.key().substring(1))] = out.version() == null ? 0 : out.version();
        }
        recorder.record(new Operation(id, call, ret, in, out), false);
    }

    private void write(Input in, java.util.function.Supplier<Reply> send) {
        long call = clock.getAsLong();
        Reply r;
        try {
            r = send.get();
        } catch (KvHttpClient.NoAnswer unreachable) {
            if (unreachable.maybeDelivered) {
                recorder.record(new Operation(id, call, Operation.PENDING, in, null), false);
            } // else refused at connect: it never left, and changed nothing
            pause();
            return;
        }
        long ret = clock.getAsLong();
        boolean batch = in.op().equals("batch");
        String err = switch (r.status()) {
            case 200 -> "OK";
            case 404 -> "ErrNoKey";
            case 409 -> batch ? r.field("status")
                    : r.field("error") != null && r.field("error").contains("does not exist") ? "ErrNoKey" : "ErrVersion";
            case 429 -> "ErrFull";
            case 400 -> "ErrInvalid";
            default -> null; // 503: the outcome is unknown
        };
        if (err == null) {
            if (!(r.status() == 503 && "the node is starting".equals(r.field("error")))) {
                recorder.record(new Operation(id, call, Operation.PENDING, in, null), false);
            } // else refused before any clerk saw it (the node is still recovering): it changed nothing
            pause();
            return;
        }
        Long version = r.json() != null && r.json().isJsonObject() && r.json().getAsJsonObject().has("version")
                ? r.json().get("version").getAsLong() : null;
        Integer failed = batch && r.field("failed") != null ? Integer.valueOf(r.field("failed")) : null;
        recorder.record(new Operation(id, call, ret, in, new Output(null, in.op().equals("cas") ? version : null, err, null, failed)),
                err.equals("OK"));
    }

    /** After a failure: a client that retried at once would only pile pending writes onto a node that is down. */
    private void pause() {
        try {
            Thread.sleep(100 + random.nextInt(100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static List<Entry> entries(JsonArray arr) {
        List<Entry> out = new ArrayList<>();
        for (JsonElement e : arr) {
            JsonObject o = e.getAsJsonObject();
            out.add(new Entry(o.get("key").getAsString(), o.get("value").getAsString(), o.get("version").getAsLong()));
        }
        return out;
    }
}
