package raftlab.server.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The cluster's shared token: peers present it on every RPC; clients cannot forge Raft traffic. */
public final class PeerAuth {
    public static final String HEADER = "X-RaftLab-Token";

    private final byte[] token;

    public PeerAuth(String token) {
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("the cluster token must be at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public String token() {
        return new String(token, StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
    public boolean accepts(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Answers 401 (JSON, naming the scheme and {@code realm}, as RFC 7235 asks) unless {@code request}
     * carries the token; returns whether it did, so a handler stops there.
     */
    public boolean refuse(Request request, Response response, Callback callback, String realm, String message) {
        if (accepts(request.getHeaders().get(HEADER))) {
            return false;
        }
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "RaftLab-Token realm=\"" + realm + "\"");
        HttpReplies.error(response, callback, 401, message);
        return true;
    }
}
