package raftlab.server.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import raftlab.kv.KvClerk;
import raftlab.kv.KvResult;
import raftlab.kv.KvStatus;
import raftlab.server.net.HttpListener;

/**
 * Which thread answers what. Key operations run on the thread that read the request, so routes that
 * may wait on a node's lock (status, views, metrics) cannot starve a connected client's key
 * operations even when they hold every thread of the listener's pool. (A new connection still needs
 * a pool thread to be set up.) The node here is a mock: a real node's status never waits for
 * seconds, and the test needs one that does until it is told.
 */
class ClientApiThreadsTest {
    @Test
    void routesThatWaitHoldingEveryPoolThreadStallNoKeyOperation() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ClientApi.Backend node = mock(ClientApi.Backend.class);
        when(node.status()).thenAnswer(call -> {
            release.await();
            return null;
        });
        KvClerk clerk = mock(KvClerk.class);
        when(clerk.get("k")).thenReturn(CompletableFuture.completedFuture(new KvResult(KvStatus.OK, "v", 1)));
        when(node.newClerk()).thenReturn(clerk);
        ClientApi api = new ClientApi();
        api.serve(node);
        HttpListener.Limits limits = new HttpListener.Limits(8, 256, Duration.ofSeconds(30));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (HttpListener listener = HttpListener.open("clients", "127.0.0.1", 0, limits, api)) {
            String base = "http://127.0.0.1:" + listener.port();
            try (Socket client = new Socket("127.0.0.1", listener.port())) { // a client already connected
                client.setSoTimeout(10_000);
                assertEquals(200, getOnce(client, "/kv/k"));
                List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
                for (int i = 0; i < 4 * limits.threads(); i++) { // more than the pool has threads
                    waiting.add(http.sendAsync(get(base + "/node/status"), HttpResponse.BodyHandlers.ofString()));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> listener.waitingForAThread() > 0); // every thread waits
                assertEquals(200, getOnce(client, "/kv/k"), "a key read while every thread waits on the node");
                release.countDown();
                for (CompletableFuture<HttpResponse<String>> w : waiting) {
                    assertEquals(200, w.get().statusCode());
                }
            }
        } finally {
            release.countDown();
        }
    }

    /** One GET over a kept-alive connection: the response's status, with its body read to the end. */
    private static int getOnce(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        int status = Integer.parseInt(in.readLine().split(" ")[1]);
        int length = 0;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        in.skip(length);
        return status;
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
