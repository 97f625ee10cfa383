package raftlab.server.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import raftlab.server.net.HttpClients;
import raftlab.server.net.HttpReplies;
import raftlab.server.net.PeerAuth;

/**
 * Takes the dashboard's fault buttons ({@code POST /cluster/control/<action>?nodes=…}) to the supervisor
 * of a cluster that {@code ./raftlab cluster} started, which alone can kill, pause or restart its node
 * processes. The browser's cluster token goes along; the supervisor checks it.
 */
final class ControlRelay implements AutoCloseable {
    /** The supervisor's answer: its status and JSON body. */
    record Answer(int status, String json) {
    }

    private static final long TIMEOUT_MS = 40_000; // a restart waits for the old process to stop
    private final String controlUrl;
    private final HttpClient http = HttpClients.started(1);

    ControlRelay(String controlUrl) {
        this.controlUrl = controlUrl;
    }

    CompletableFuture<Answer> send(String action, String nodes, String token) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Request req = http.newRequest(controlUrl + "/control/" + action + (nodes == null ? "" : "?nodes=" + nodes))
                .method(HttpMethod.POST).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (token != null) {
            req.headers(h -> h.put(PeerAuth.HEADER, token));
        }
        req.send(new BufferingResponseListener(1 << 16) {
            @Override
            public void onComplete(Result r) {
                if (r.isFailed()) {
                    answer.complete(new Answer(503, HttpReplies.toJson(Map.of("error", "the cluster's supervisor does not answer"
                            + " (is ./raftlab cluster still running?): " + r.getFailure().getMessage()))));
                } else {
                    answer.complete(new Answer(r.getResponse().getStatus(), getContentAsString(StandardCharsets.UTF_8)));
                }
            }
        });
        return answer;
    }

    @Override
    public void close() {
        HttpClients.stop(http);
    }
}
