package raftlab.server.net;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
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

    private final PeerAuth auth;
    private volatile Server target;

    public RaftRpcHandler(PeerAuth auth) {
        this.auth = auth;
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
        if (!auth.accepts(request.getHeaders().get(PeerAuth.HEADER))) {
            // RFC 7235: a 401 names the scheme that would be accepted
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "RaftLab-Token realm=\"raftlab-peers\"");
            return HttpReplies.error(response, callback, 401, "peer endpoints need the cluster token");
        }
        if (!"POST".equals(request.getMethod())) {
            return HttpReplies.error(response, callback, 405, "use POST for " + path);
        }
        Server server = target;
        if (server == null) {
            return HttpReplies.error(response, callback, 503, "the node is starting");
        }
        String method = path.substring(PREFIX.length());
        HttpBodies.utf8(request, MAX_BODY_BYTES, "the RPC's arguments")
                .thenCompose(body -> server.invokeEncoded(method, body))
                .whenComplete((json, failure) -> {
                    HttpBodies.Refused refused = HttpBodies.refusal(failure);
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (failure == null) {
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
}
