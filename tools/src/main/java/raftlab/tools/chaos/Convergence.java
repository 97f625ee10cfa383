package raftlab.tools.chaos;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import raftlab.server.client.KvHttpClient;
import raftlab.server.client.KvHttpClient.Reply;
import raftlab.tester.linearizability.KvModel.Input;
import raftlab.tester.linearizability.KvModel.Output;
import raftlab.tester.linearizability.Operation;

/**
 * The end of a chaos run: once every node has applied all the leader committed, each key is read
 * through the log (added to the history, so the checker judges the final state too) and from every
 * node's own replica; the replicas must agree.
 *
 * @param ok      every node caught up and every replica holds the same keys and values
 * @param detail  what disagreed, or how many keys were compared
 */
record Convergence(boolean ok, String detail) {
    /** The history's client id for the final reads. */
    static final int FINAL_READER = 10_000;

    static Convergence check(List<String> urls, int keys, LongSupplier clock, List<Operation> history) throws InterruptedException {
        try (KvHttpClient any = new KvHttpClient(urls, 1)) {
            try {
                ChaosCommand.await("every node caught up", Duration.ofSeconds(60), () -> caughtUp(any));
            } catch (IllegalStateException late) {
                return new Convergence(false, late.getMessage() + ": " + any.status());
            }
            any.findLeader();
            List<String> all = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                all.add("k" + k);
            }
            for (int g = 0; g < ChaosClient.GROUP; g++) {
                all.add("g" + g);
            }
            for (String key : all) {
                long call = clock.getAsLong();
                Reply r = any.get(key, false);
                long ret = clock.getAsLong();
                Output out = r.status() == 200 ? new Output(r.field("value"), r.json().get("version").getAsLong(), "OK")
                        : r.status() == 404 ? new Output(null, null, "ErrNoKey") : null;
                if (out == null) {
                    return new Convergence(false, "the final read of " + key + " failed: " + r);
                }
                history.add(new Operation(FINAL_READER, call, ret, new Input("get", key, null, null), out));
            }
        }
        List<Map<String, String>> replicas = new ArrayList<>();
        for (String url : urls) {
            try (KvHttpClient one = new KvHttpClient(List.of(url), 1)) {
                Map<String, String> held = new LinkedHashMap<>();
                for (String prefix : List.of("g", "k")) {
                    Reply r = one.scan(prefix, 0, true);
                    if (r.status() != 200) {
                        return new Convergence(false, url + " did not answer a local scan: " + r);
                    }
                    for (JsonElement e : r.json().getAsJsonArray("entries")) {
                        JsonObject o = e.getAsJsonObject();
                        held.put(o.get("key").getAsString(), o.get("value").getAsString() + "@" + o.get("version").getAsLong());
                    }
                }
                replicas.add(held);
            }
        }
        for (int i = 1; i < replicas.size(); i++) {
            if (!replicas.get(i).equals(replicas.get(0))) {
                return new Convergence(false, urls.get(i) + " holds " + replicas.get(i) + " but " + urls.get(0) + " holds "
                        + replicas.get(0));
            }
        }
        return new Convergence(true, "all " + urls.size() + " replicas hold the same " + replicas.get(0).size() + " keys");
    }

    /** Whether every node is up and has applied everything the leader committed. */
    private static boolean caughtUp(KvHttpClient any) {
        try {
            Reply r = any.status();
            if (r.status() != 200 || r.json().get("leader").isJsonNull()) {
                return false;
            }
            JsonArray nodes = r.json().getAsJsonArray("nodes");
            long commit = KvHttpClient.node(r.json(), r.json().get("leader").getAsInt()).get("commitIndex").getAsLong();
            for (JsonElement n : nodes) {
                JsonObject o = n.getAsJsonObject();
                if (!o.get("up").getAsBoolean() || o.get("appliedIndex").getAsLong() < commit) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
