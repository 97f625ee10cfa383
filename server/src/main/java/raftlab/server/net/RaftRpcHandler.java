package raftlab.server.net;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import raftlab.labrpc.net.Server;

/**
 * Serves {@code POST /raft/<Interface.method>} to the node's RPC {@link Server}. A request without the
 * cluster token gets 401 and reaches nothing; a wrong method 405; an unknown RPC or malformed body 400;
 * a body over {@link #MAX_BODY_BYTES} 413. Errors are JSON and never carry a stack trace.
 */
public final class RaftRpcHandler extends Handler.Abstract {
    static final String PREFIX = "/raft/";
    static final long MAX_BODY_BYTES = 64L << 20;

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
        String path = Request.getPathInContext(request);
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
        if (request.getLength() > MAX_BODY_BYTES) {
            return HttpReplies.error(response, callback, 413, "request body over " + MAX_BODY_BYTES + " bytes");
        }
        Server server = target;
        if (server == null) {
            return HttpReplies.error(response, callback, 503, "the node is starting");
        }
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        server.invokeEncoded(path.substring(PREFIX.length()), body).whenComplete((json, failure) -> {
            if (failure == null) {
                HttpReplies.text(response, callback, 200, "application/json", json);
            } else if (failure instanceof IllegalArgumentException bad) {
                HttpReplies.error(response, callback, 400, bad.getMessage());
            } else {
                HttpReplies.error(response, callback, 500, "the handler failed");
            }
        });
        return true;
    }
}
