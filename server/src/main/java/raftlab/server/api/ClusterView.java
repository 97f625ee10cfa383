package raftlab.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import raftlab.server.net.HttpClients;
import raftlab.server.net.HttpReplies;

/**
 * The cluster as one node sees it: its own status (or view), and every other member's
 * {@code GET /node/status} (or {@code /node/view}), asked in parallel with a short timeout so one dead
 * node costs {@link #ASK_TIMEOUT_MS}, not a hang.
 */
public final class ClusterView implements AutoCloseable {
    static final long ASK_TIMEOUT_MS = 500;

    private final int me;
    /** The client URL of every node to show, by id: the cluster's members as this node knows them now. */
    private final Supplier<Map<Integer, String>> urls;
    private final Supplier<NodeStatus> self;
    private final HttpClient http = HttpClients.started(1);

    public ClusterView(int me, Supplier<Map<Integer, String>> urls, Supplier<NodeStatus> self) {
        this.me = me;
        this.urls = urls;
        this.self = self;
    }

    /** Never fails: a node that does not answer is listed as unreachable, with the reason. */
    public CompletableFuture<ClusterStatus> status() {
        List<CompletableFuture<NodeStatus>> asks = new ArrayList<>();
        for (Map.Entry<Integer, String> n : urls.get().entrySet()) {
            int i = n.getKey();
            asks.add(i == me ? CompletableFuture.completedFuture(self.get())
                    : ask(i, n.getValue(), "/node/status", NodeStatus.class, s -> s));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(v -> ClusterStatus.of(asks.stream().map(CompletableFuture::join).toList()));
    }

    /** Every node's {@link NodeView} (status, log tail, events), in node order; never fails. */
    public CompletableFuture<List<NodeView>> views(Supplier<NodeView> selfView) {
        List<CompletableFuture<NodeView>> asks = new ArrayList<>();
        for (Map.Entry<Integer, String> n : urls.get().entrySet()) {
            int i = n.getKey();
            asks.add(i == me ? CompletableFuture.completedFuture(selfView.get())
                    : ask(i, n.getValue(), "/node/view", NodeView.class, NodeView::unreachable));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(v -> asks.stream().map(CompletableFuture::join).toList());
    }

    /**
     * Node {@code i}'s answer at {@code path}, parsed as {@code type}; a node that does not answer
     * gives {@code down} of an unreachable status, with the reason.
     */
    private <T> CompletableFuture<T> ask(int i, String url, String path, Class<T> type,
            java.util.function.Function<NodeStatus, T> down) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        http.newRequest(url + path).timeout(ASK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(1 << 20) {
                    @Override
                    public void onComplete(Result r) {
                        if (r.isFailed()) {
                            answer.complete(down.apply(NodeStatus.unreachable(i, url, String.valueOf(r.getFailure().getMessage()))));
                        } else if (r.getResponse().getStatus() != 200) {
                            answer.complete(down.apply(NodeStatus.unreachable(i, url, "HTTP " + r.getResponse().getStatus())));
                        } else {
                            try {
                                answer.complete(HttpReplies.fromJson(getContentAsString(), type));
                            } catch (RuntimeException e) {
                                answer.complete(down.apply(NodeStatus.unreachable(i, url, "unreadable answer: " + e.getMessage())));
                            }
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
