package raftlab.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import raftlab.kv.KvClerk;
import raftlab.kv.KvLimits;
import raftlab.kv.KvResult;
import raftlab.kv.KvStatus;
import raftlab.kv.KvWrite;
import raftlab.kv.RangeResult;
import raftlab.kvservice.KvReply;
import raftlab.kvservice.KvRequest;
import raftlab.kvservice.KvValidation;
import raftlab.kvservice.Op;
import raftlab.server.members.ClusterMembers;
import raftlab.server.members.NodeDirectory;
import raftlab.server.metrics.Histogram;

/**
 * The client API (see docs/cluster.md): {@code /kv/{key}} (GET, PUT with an optional {@code ?version=}
 * for compare-and-set, DELETE, POST {@code ?op=append}), {@code POST /kv/batch} (several writes, all or
 * nothing: {@link BatchJson}), {@code GET /kv} range and prefix reads,
 * {@code /cluster/status}, {@code /node/status}, {@code /cluster/view} and {@code /node/view} (the
 * dashboard's: log tails and events), {@code /health}, {@code /metrics} and the dashboard at {@code /}.
 * Any node answers: operations go through a clerk, which finds the leader and forwards to it over the
 * authenticated peer channel. Requests are checked by the labs' own validation before
 * anything is sent, so a refused request changes nothing.
 */
public final class ClientApi extends Handler.Abstract {
    /** At most this many clerks (client sessions) per node serve concurrent requests; more wait in line. */
    static final int MAX_CLERKS = 512;

    private final ServerMetrics metrics = new ServerMetrics();
    private final String dashboard = Dashboard.page();
    private volatile Backend backend;
    private volatile ClerkPool clerks;
    private volatile ControlRelay relay;

    public ClientApi() {
        // Jetty calls handle() on the thread that read the request, and nothing may wait there: key
        // operations only check the request and hand it to a clerk, so they run there with no hand-off;
        // whatever may take a node's lock (status, views, metrics, stale reads) goes to the pool (onPool).
        super(InvocationType.NON_BLOCKING);
    }

    /** What the API needs of the node it runs on. */
    public interface Backend {
        /** A new clerk of the service, talking to every node as this one does. */
        KvClerk newClerk();

        /** A read answered by this node's replica without the log (the stale-read option). */
        KvReply readLocally(KvRequest read);

        NodeStatus status();

        CompletableFuture<ClusterStatus> clusterStatus();

        /** This node's status, log tail and events, for the dashboard. */
        NodeView view();

        /** Every node's view, in node order (unreachable ones with the reason). */
        CompletableFuture<java.util.List<NodeView>> clusterViews();

        Histogram fsyncLatency();

        /** Why this node cannot make anything durable (its storage failed), or null. */
        String storageProblem();

        /** The control channel of the supervisor that started this node ({@code ./raftlab cluster}), or null. */
        String controlUrl();

        /** The node's membership changes and directory ({@code /cluster/members}). */
        ClusterMembers members();

        /** Whether {@code presented} is the cluster's token: membership changes need it, as peers' RPCs do. */
        boolean acceptsPeerToken(String presented);
    }

    /** Starts answering for {@code node}; until then every route but {@code /} gets 503. */
    public void serve(Backend node) {
        this.clerks = node == null ? null : new ClerkPool(node::newClerk, MAX_CLERKS);
        ControlRelay old = relay;
        this.relay = node == null || node.controlUrl() == null ? null : new ControlRelay(node.controlUrl());
        if (old != null) {
            old.close();
        }
        this.backend = node;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange x = new Exchange(request, response, callback, metrics);
        if (request.getHttpURI().getPath().startsWith("/kv/")) {
            answer(x, () -> route(x));
        } else {
            onPool(x, () -> route(x));
        }
        return true;
    }

    /** Runs {@code work} for {@code x} on the listener's pool: for what may wait on a node's lock. */
    private static void onPool(Exchange x, Runnable work) {
        x.request.getComponents().getExecutor().execute(() -> answer(x, work));
    }

    /** Runs {@code work}, answering what it throws: a refusal with its status, anything else with 500. */
    private static void answer(Exchange x, Runnable work) {
        try {
            work.run();
        } catch (BadRequest e) {
            x.reply(e.status, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            x.reply(500, Map.of("error", "the node failed to handle the request: " + e.getClass().getSimpleName()));
        }
    }

    private void route(Exchange x) {
        // The raw path: a key is decoded exactly once, by KeyPaths, never normalized by the server first.
        String raw = x.request.getHttpURI().getPath();
        if (raw.startsWith("/kv/")) {
            Backend node = backend;
            if (node == null) {
                throw new BadRequest(503, "the node is starting");
            }
            if (raw.equals(BATCH) && x.request.getMethod().equals("POST") && x.query().getValue("op") == null) {
                batch(x);
            } else {
                key(node, KeyPaths.decode(raw.substring("/kv/".length())), x);
            }
            return;
        }
        String path = raw;
        if (path.equals("/") || path.equals("/index.html")) {
            x.allow("GET");
            x.op = "dashboard";
            x.text(200, "text/html", dashboard);
            return;
        }
        Backend node = backend;
        if (node == null) {
            throw new BadRequest(503, "the node is starting");
        }
        if (path.startsWith(CONTROL)) {
            control(path.substring(CONTROL.length()), x);
            return;
        }
        if (path.equals(MembersRoute.PATH) || path.startsWith(MembersRoute.PATH + "/")) {
            MembersRoute.serve(node, path.substring(MembersRoute.PATH.length()), x);
            return;
        }
        switch (path) {
            case "/health" -> health(node, x);
            case "/metrics" -> {
                x.allow("GET");
                x.op = "metrics";
                x.text(200, "text/plain; version=0.0.4", metrics.render(node.status(), node.fsyncLatency()));
            }
            case "/node/status" -> status(x, CompletableFuture.completedFuture(node.status()));
            case "/cluster/status" -> status(x, node.clusterStatus());
            case "/node/view" -> status(x, CompletableFuture.completedFuture(node.view()));
            case "/cluster/view" -> status(x, node.clusterViews().thenApply(v -> Map.of("nodes", v, "control", relay != null)));
            case "/kv" -> range(node, x);
            default -> throw new BadRequest(404, "no route " + path + "; see docs/cluster.md for the API");
        }
    }

    /** A status route: GET only, answered with {@code body} as JSON when it is ready (it never fails). */
    private static void status(Exchange x, CompletableFuture<?> body) {
        x.allow("GET");
        x.op = "status";
        body.whenComplete((b, e) -> x.reply(200, b));
    }

    private static final String CONTROL = "/cluster/control/";

    /** The dashboard's fault buttons: taken to the supervisor, which checks the token and acts. */
    private void control(String action, Exchange x) {
        x.allow("POST");
        x.op = "control";
        ControlRelay r = relay;
        if (r == null) {
            throw new BadRequest(404, "this node was not started by ./raftlab cluster: no supervisor can act on its nodes");
        }
        if (!action.matches("[a-z][a-z-]{0,15}")) {
            throw new BadRequest(404, "no action '" + action + "'");
        }
        Fields query = x.query();
        x.only(query, "nodes");
        String nodes = query.getValue("nodes");
        if (nodes != null && !nodes.matches("[0-9]{1,2}(,[0-9]{1,2}){0,8}")) {
            throw new BadRequest(400, "nodes must be node numbers separated by commas, not '" + nodes + "'");
        }
        r.send(action, nodes, x.request.getHeaders().get(raftlab.server.net.PeerAuth.HEADER))
                .whenComplete((a, e) -> x.text(a.status(), "application/json", a.json()));
    }

    private void health(Backend node, Exchange x) {
        x.allow("GET");
        x.op = "health";
        node.clusterStatus().whenComplete((s, e) -> {
            String storage = node.storageProblem();
            boolean healthy = s.leader() != null && storage == null;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", node.status().id());
            body.put("leader", s.leader());
            body.put("term", s.term());
            body.put("healthy", healthy);
            if (storage != null) {
                body.put("error", storage);
            }
            x.reply(healthy ? 200 : 503, body);
        });
    }

    /** The cluster's own keys (its node directory) are neither read nor written by clients. */
    private static void notReserved(String key) {
        if (NodeDirectory.reserved(key)) {
            throw new BadRequest(403, "keys that start with \\u0000raftlab/ are the cluster's own");
        }
    }

    private void key(Backend node, String key, Exchange x) {
        String method = x.request.getMethod();
        notReserved(key);
        Fields q = x.query();
        switch (method) {
            case "GET" -> {
                x.op = "get";
                x.only(q, "stale");
                KvRequest read = KvRequest.read(Op.GET, key, null, 0);
                check(read);
                notReserved(key);
                if (stale(q)) {
                    onPool(x, () -> x.keyReply(key, fromReply(node.readLocally(read)), Op.GET));
                } else {
                    x.await(clerks.run(c -> c.get(key)), r -> x.keyReply(key, r, Op.GET));
                }
            }
            case "PUT" -> {
                x.only(q, "version");
                String version = q.getValue("version");
                x.op = version == null ? "put" : "cas";
                long v = version == null ? 0 : number(version, "version");
                check(write(version == null ? Op.PUT : Op.CAS, key, "", v)); // the key and version, before any body is read
                x.withBody(value -> {
                    if (version == null) {
                        check(write(Op.PUT, key, value, 0));
                        x.await(clerks.run(c -> c.put(key, value)), r -> x.keyReply(key, r, Op.PUT));
                    } else {
                        check(write(Op.CAS, key, value, v));
                        x.await(clerks.run(c -> c.putIfVersion(key, value, v)), r -> x.keyReply(key, r, Op.CAS));
                    }
                });
            }
            case "DELETE" -> {
                x.op = "delete";
                x.only(q);
                check(write(Op.DELETE, key, null, 0));
                x.await(clerks.run(c -> c.delete(key)), r -> x.keyReply(key, r, Op.DELETE));
            }
            case "POST" -> {
                x.only(q, "op");
                if (!"append".equals(q.getValue("op"))) {
                    throw new BadRequest(400, "POST /kv/{key} needs ?op=append (use PUT to set a value)");
                }
                x.op = "append";
                check(write(Op.APPEND, key, "", 0));
                x.withBody(suffix -> {
                    check(write(Op.APPEND, key, suffix, 0));
                    x.await(clerks.run(c -> c.append(key, suffix)), r -> x.keyReply(key, r, Op.APPEND));
                });
            }
            default -> {
                x.response.getHeaders().put(HttpHeader.ALLOW, "GET, PUT, DELETE, POST");
                throw new BadRequest(405, method + " is not allowed on /kv/{key}; use GET, PUT, DELETE or POST ?op=append");
            }
        }
    }

    /** {@code POST /kv/batch}: the key named "batch" keeps its GET, PUT, DELETE and POST ?op=append. */
    private static final String BATCH = "/kv/batch";
    /** A batch's JSON body: room for its writes' keys and values twice over, for quoting and field names. */
    static final int MAX_BATCH_BODY_BYTES = 2 * KvLimits.MAX_BATCH_BYTES;

    private void batch(Exchange x) {
        x.op = "batch";
        x.only(x.query());
        x.withBody(MAX_BATCH_BODY_BYTES, "the batch", body -> {
            List<KvWrite> writes = BatchJson.parse(body);
            writes.forEach(w -> notReserved(w.key()));
            String problem = KvLimits.checkBatch(writes);
            if (problem != null) {
                long bytes = writes.stream().mapToLong(KvWrite::bytes).sum();
                throw new BadRequest(bytes > KvLimits.MAX_BATCH_BYTES ? 413 : 400, problem);
            }
            x.await(clerks.run(c -> c.batch(writes)), r -> x.batchReply(writes, r));
        });
    }

    private void range(Backend node, Exchange x) {
        x.allow("GET");
        x.op = "range";
        Fields q = x.query();
        x.only(q, "prefix", "start", "end", "limit", "stale");
        String prefix = q.getValue("prefix");
        String start = q.getValue("start");
        if (prefix != null && (start != null || q.getValue("end") != null)) {
            throw new BadRequest(400, "give either prefix or start/end, not both");
        }
        String from = prefix != null ? prefix : start == null ? "" : start;
        String end = prefix != null ? KvLimits.prefixEnd(prefix) : q.getValue("end");
        String limitParam = q.getValue("limit");
        int limit = limitParam == null ? 0 : (int) Math.min(Integer.MAX_VALUE, number(limitParam, "limit"));
        KvRequest read = KvRequest.read(Op.RANGE, from, end, limit);
        check(read);
        if (stale(q)) {
            KvReply r = node.readLocally(read);
            x.rangeReply(new RangeResult(KvStatus.OK, r.entries(), r.more()));
        } else {
            x.await(clerks.run(c -> c.range(from, end, limit)), x::rangeReply);
        }
    }

    private static boolean stale(Fields q) {
        String s = q.getValue("stale");
        if (s == null || s.equals("false")) {
            return false;
        }
        if (s.equals("true") || s.isEmpty()) {
            return true;
        }
        throw new BadRequest(400, "stale must be true or false, not '" + s + "'");
    }

    private static KvRequest write(Op op, String key, String value, long version) {
        return new KvRequest(1, 1, op, key, value, version, null, 0); // session fields are the clerk's
    }

    /** The labs' own request validation, at the door: a refused request reaches no clerk and no log. */
    private static void check(KvRequest r) {
        String problem = KvValidation.problem(r);
        if (problem != null) {
            throw new BadRequest(400, problem);
        }
    }

    private static long number(String s, String name) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new BadRequest(400, name + " must not be negative, not " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, name + " must be a whole number, not '" + s + "'");
        }
    }

    private static KvResult fromReply(KvReply r) {
        return switch (r.status()) {
            case OK -> new KvResult(KvStatus.OK, r.value(), r.version());
            case NO_KEY -> KvResult.of(KvStatus.NO_KEY);
            default -> throw new BadRequest(400, r.error() == null ? "refused: " + r.status() : r.error());
        };
    }
}
