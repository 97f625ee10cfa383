package raftlab.server.net;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import raftlab.labrpc.net.RpcTransport;
import raftlab.labrpc.net.Server;

/**
 * Serves {@code POST /raft/<Interface.method>} to the node's RPC {@link Server}. A request without the
 * cluster token gets 401 and reaches nothing; a wrong method 405; an unknown RPC or malformed body 400;
 * a body over {@link #MAX_BODY_BYTES} 413. Errors are JSON and never carry a stack trace.
 */
public final class RaftRpcHandler extends Handler.Abstract {
    static final String PREFIX = "/raft/";
    static final int MAX_BODY_BYTES = RpcTransport.MAX_MESSAGE_BYTES;

    static final String FAULTS = PREFIX + "faults";

    private final PeerAuth auth;
    /** Calls answered, by RPC method: only methods that exist get here, so the map stays as small as the services. */
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> answered = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Server target;
    /** Cuts this node off from the peers it is given; null unless the node allows fault injection. */
    private volatile Consumer<Set<Integer>> cut;

    public RaftRpcHandler(PeerAuth auth) {
        // Nothing here waits for the network: the body is read asynchronously, and the handler runs on
        // the thread that read it (Jetty may run a non-blocking handler there, with no hand-off). The
        // handler may wait for the replica's lock, but every RPC needs that lock, and only peers' RPCs
        // reach this listener: a hand-off to the node's runtime would only add a thread wake-up.
        super(InvocationType.NON_BLOCKING);
        this.auth = auth;
    }

    /**
     * Accepts {@code POST /raft/faults} with {@code {"cutOff": [ids]}}: from then on this node's calls
     * to those peers fail at once ({@code []} heals). Only for a node started with fault injection on.
     */
    public void allowFaults(Consumer<Set<Integer>> cutOff) {
        this.cut = cutOff;
    }

    /** How many calls of {@code method} ({@code Interface.method}) this node has answered. */
    public long answered(String method) {
        java.util.concurrent.atomic.LongAdder n = answered.get(method);
        return n == null ? 0 : n.sum();
    }

    /** The node's RPC server, once it exists (until then peers get 503 and retry). */
    public void serve(Server server) {
        this.target = server;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath(); // as sent: method names need no decoding
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        if (auth.refuse(request, response, callback, "raftlab-peers", "peer endpoints need the cluster token")) {
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            return HttpReplies.error(response, callback, 405, "use POST for " + path);
        }
        if (path.equals(FAULTS)) {
            return faults(request, response, callback);
        }
        Server server = target;
        if (server == null) {
            return HttpReplies.error(response, callback, 503, "the node is starting");
        }
        String method = path.substring(PREFIX.length());
        HttpBodies.utf8(request, MAX_BODY_BYTES, "the RPC's arguments")
                .thenCompose(body -> server.invokeEncodedHere(method, body))
                .whenComplete((json, failure) -> {
                    HttpBodies.Refused refused = HttpBodies.refusal(failure);
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (failure == null) {
                        answered.computeIfAbsent(method, m -> new java.util.concurrent.atomic.LongAdder()).increment();
                        HttpReplies.text(response, callback, 200, "application/json", json);
                    } else if (refused != null) {
                        HttpReplies.error(response, callback, refused.status, refused.getMessage());
                    } else if (cause instanceof IllegalArgumentException bad) {
                        HttpReplies.error(response, callback, 400, bad.getMessage());
                    } else {
                        HttpReplies.error(response, callback, 500, "the handler failed");
                    }
                });
        return true;
    }

    /** The faults a chaos run asks for: which peers this node's calls no longer reach. */
    private record Faults(List<Integer> cutOff) {
    }

    private boolean faults(Request request, Response response, Callback callback) {
        Consumer<Set<Integer>> apply = cut;
        if (apply == null && target == null) {
            return HttpReplies.error(response, callback, 503, "the node is starting");
        }
        if (apply == null) {
            return HttpReplies.error(response, callback, 404, "fault injection is off on this node (a chaos run turns it on"
                    + " with fault-injection=true in the node's config)");
        }
        HttpBodies.utf8(request, 4096, "the faults").whenComplete((body, failure) -> {
            HttpBodies.Refused refused = HttpBodies.refusal(failure);
            if (failure != null) {
                HttpReplies.error(response, callback, refused == null ? 400 : refused.status,
                        refused == null ? "could not read the faults" : refused.getMessage());
                return;
            }
            Faults f;
            try {
                f = HttpReplies.fromJson(body, Faults.class);
            } catch (RuntimeException e) {
                f = null;
            }
            if (f == null || f.cutOff() == null || f.cutOff().contains(null)) {
                HttpReplies.error(response, callback, 400, "expected {\"cutOff\": [peer ids]}");
                return;
            }
            try {
                apply.accept(new HashSet<>(f.cutOff()));
            } catch (IllegalArgumentException bad) {
                HttpReplies.error(response, callback, 400, bad.getMessage());
                return;
            }
            HttpReplies.json(response, callback, 200, f);
        });
        return true;
    }
}
