package raftlab.server.net;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.net.RpcException;
import raftlab.labrpc.net.RpcTransport;

/**
 * Peer RPC over HTTP: a call is a {@code POST /raft/<Interface.method>} with the arguments as JSON
 * and the cluster token in a header; the reply is the JSON body of a 200. Connections are kept alive
 * by Jetty's client. Any failure — refused connection, timeout, non-200 — fails the call with
 * {@link RpcException}, just as a lost message does in the lab network.
 */
public final class HttpTransport implements RpcTransport, AutoCloseable {
    /** A call with no answer after this long has failed (Raft retries on its own schedule). */
    static final long CALL_TIMEOUT_MS = 1000;
    /** Replies are bounded apart from arguments: a range read's answer can hold much of a full store. */
    static final int MAX_REPLY_BYTES = 4 * RpcTransport.MAX_MESSAGE_BYTES;

    private final HttpClient client = HttpClients.readingOnSelector();
    private final Map<String, String> urlByEnd;
    private final PeerAuth auth;
    private volatile String localUrl;
    /** Peers this node's calls do not reach (fault injection; empty unless a chaos run cut them off). */
    private volatile Set<String> cutOff = Set.of();
    private volatile raftlab.labrpc.net.Server local;

    /** @param urlByEnd the base URL ({@code http://host:port}) each end's calls go to, by end name */
    public HttpTransport(Map<String, String> urlByEnd, PeerAuth auth) {
        this.urlByEnd = new java.util.concurrent.ConcurrentHashMap<>(urlByEnd);
        this.auth = auth;
        client.setIdleTimeout(30_000);
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("peer-rpc");
        client.setExecutor(threads); // bounded, as the server's: peer calls are short and many
        HttpClients.start(client);
    }

    /** Calls of end {@code end} go to {@code url} from now on (a node added to the cluster, or moved). */
    public void route(String end, String url) {
        urlByEnd.put(end, url);
    }

    /** From now on, calls to these base URLs fail at once, as if the network between here and there were cut. */
    public void cutOff(Set<String> urls) {
        this.cutOff = Set.copyOf(urls);
    }

    /**
     * Calls to {@code url} (this node's own address) go straight to {@code server}, still as JSON but
     * without an HTTP round trip: the front end's clerks talk to their own node's service this way.
     */
    public void serveLocally(String url, raftlab.labrpc.net.Server server) {
        this.local = server;
        this.localUrl = url;
    }

    @Override
    public <R> CompletableFuture<R> call(ClientEnd end, String method, Object args, Type argType, Type replyType) {
        CompletableFuture<R> result = LabFuture.on(end.owner());
        String base = urlByEnd.get(end.name());
        if (base == null) {
            result.completeExceptionally(new RpcException(method + ": no address for end " + end.name()));
            return result;
        }
        if (cutOff.contains(base)) {
            result.completeExceptionally(new RpcException(method + ": cut off from " + base + " (fault injection)"));
            return result;
        }
        if (base.equals(localUrl)) {
            // The caller is a task of this node's runtime (a clerk's attempt), where the handler would run anyway.
            local.invokeEncodedHere(method, Codec.encode(args)).whenComplete((json, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(new RpcException(method + " on this node: " + failure));
                    return;
                }
                try {
                    result.complete(Codec.decode(json, replyType));
                } catch (RuntimeException e) {
                    result.completeExceptionally(new RpcException(method + " on this node: bad reply " + e));
                }
            });
            return result;
        }
        String body = Codec.encode(args);
        int bytes = Codec.byteLength(body);
        if (bytes > RpcTransport.MAX_MESSAGE_BYTES) { // the peer would refuse it (413): say why here, without sending it
            result.completeExceptionally(new RpcException(RpcTransport.tooLarge(method + " to " + base, bytes)));
            return result;
        }
        client.newRequest(base + "/raft/" + method)
                .method(HttpMethod.POST)
                .headers(h -> h.put(PeerAuth.HEADER, auth.token()))
                .body(new StringRequestContent("application/json", body))
                .timeout(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(MAX_REPLY_BYTES) {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result r) {
                        if (r.isFailed()) {
                            result.completeExceptionally(new RpcException(method + " to " + base + ": " + r.getFailure()));
                        } else if (r.getResponse().getStatus() != 200) {
                            result.completeExceptionally(new RpcException(method + " to " + base + ": HTTP "
                                    + r.getResponse().getStatus() + " " + getContentAsString()));
                        } else {
                            try {
                                result.complete(Codec.decode(getContentAsString(), replyType));
                            } catch (RuntimeException e) {
                                result.completeExceptionally(new RpcException(method + " to " + base + ": bad reply " + e));
                            }
                        }
                    }
                });
        return result;
    }

    @Override
    public void close() {
        HttpClients.stop(client);
    }
}
