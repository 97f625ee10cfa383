package raftlab.tester.browser;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A page kept open in headless Chromium and driven over the DevTools protocol, for a test that must
 * act on it (click a button, read what changed) rather than only load it: {@link #eval} runs a
 * script in the page and returns its value. Uses the JDK's HTTP client and WebSocket, nothing else.
 */
public final class BrowserPage implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Process chromium;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();

    private BrowserPage(Process chromium, WebSocket socket) {
        this.chromium = chromium;
        this.socket = socket;
    }

    static BrowserPage open(Process chromium, Path log, String url) throws IOException, InterruptedException {
        try {
            String browserWs = awaitListening(chromium, log);
            URI base = URI.create(browserWs.replaceFirst("^ws://", "http://"));
            HttpClient http = HttpClient.newHttpClient();
            String[] pageWs = new String[1];
            Awaitility.await("chromium's page for " + url).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        HttpResponse<String> list = http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        for (JsonElement t : JsonParser.parseString(list.body()).getAsJsonArray()) {
                            JsonObject target = t.getAsJsonObject();
                            if ("page".equals(target.get("type").getAsString()) && target.get("url").getAsString().startsWith(url)) {
                                pageWs[0] = target.get("webSocketDebuggerUrl").getAsString();
                            }
                        }
                        return pageWs[0] != null;
                    });
            Listener listener = new Listener();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs[0]), listener).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            BrowserPage page = new BrowserPage(chromium, ws);
            listener.page = page;
            return page;
        } catch (InterruptedException | RuntimeException e) {
            chromium.destroyForcibly();
            throw e;
        } catch (Exception e) {
            chromium.destroyForcibly();
            throw new IOException("cannot drive chromium: " + e.getMessage(), e);
        }
    }

    /** The browser's DevTools address, which Chromium prints only to its log. */
    private static String awaitListening(Process chromium, Path log) {
        String[] ws = new String[1];
        Awaitility.await("chromium's DevTools address in " + log).atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .failFast("chromium exited; see " + log, () -> !chromium.isAlive())
                .until(() -> {
                    Matcher m = Files.exists(log) ? LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8)) : null;
                    if (m != null && m.find()) {
                        ws[0] = m.group(1);
                    }
                    return ws[0] != null;
                });
        return ws[0];
    }

    /**
     * Runs {@code expression} in the page (a promise is awaited) and returns its value as JSON text
     * ({@code null} for undefined); a script that throws fails with its message.
     */
    public String eval(String expression) throws IOException {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("awaitPromise", true);
        params.addProperty("returnByValue", true);
        JsonObject call = new JsonObject();
        call.addProperty("id", id);
        call.addProperty("method", "Runtime.evaluate");
        call.add("params", params);
        socket.sendText(call.toString(), true);
        JsonObject reply;
        try {
            reply = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("the page did not answer " + expression + ": " + e.getMessage(), e);
        }
        JsonObject result = reply.getAsJsonObject("result");
        if (result == null || result.has("exceptionDetails")) {
            throw new IOException("the script failed in the page: " + reply);
        }
        JsonElement value = result.getAsJsonObject("result").get("value");
        return value == null ? null : value.toString();
    }

    /** Waits until {@code condition} (a script giving true or false) is true in the page. */
    public void awaitTrue(String condition, Duration atMost) {
        Awaitility.await("the page to make true: " + condition).atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> "true".equals(eval(condition)));
    }

    @Override
    public void close() {
        socket.abort();
        chromium.destroyForcibly();
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile BrowserPage page;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id") && page != null) {
                    CompletableFuture<JsonObject> f = page.waiting.remove(message.get("id").getAsInt());
                    if (f != null) {
                        f.complete(message);
                    }
                }
            }
            ws.request(1);
            return null;
        }
    }
}
