package raftlab.server.load;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import raftlab.server.api.KeyPaths;
import raftlab.server.client.KvHttpClient;
import raftlab.server.net.HttpClients;

/**
 * A store the benchmark can drive: one blocking write or read, true if it succeeded ({@link LoadRun}),
 * or the shape of those requests for a load generator outside the JVM ({@link WrkRun}). Both stores
 * are driven the same way — same driver, same connection count, same keys and values — so the
 * figures differ only by the server.
 */
public interface Target extends AutoCloseable {
    boolean put(String key, String value);

    boolean get(String key);

    String describe();

    /**
     * One request as an external load generator ({@link WrkRun}) sends it to {@link #url()}: the value,
     * encoded by {@link #encodeValue}, goes between the body's two halves (both empty for a read).
     */
    record Request(String method, String path, String contentType, String bodyBefore, String bodyAfter) {
    }

    /** The base URL the load goes to: the leader. */
    String url();

    Request writeRequest(String key);

    Request readRequest(String key);

    /** A value as it travels in a write's body. */
    String encodeValue(String value);

    /** How often the leader has forced its log so far (-1 if the store does not say). */
    default long leaderFsyncs() {
        return -1;
    }

    @Override
    void close();

    /** RaftLab's client API, on the leader (found by the client; followers would forward anyway). */
    static Target raftlab(List<String> urls, int connections) {
        KvHttpClient client = new KvHttpClient(urls, connections);
        client.findLeader();
        return new Target() {
            @Override
            public boolean put(String key, String value) {
                return client.put(key, value).ok();
            }

            @Override
            public boolean get(String key) {
                int s = client.get(key, false).status();
                return s == 200 || s == 404;
            }

            @Override
            public String describe() {
                return "RaftLab at " + String.join(",", urls);
            }

            @Override
            public String url() {
                return client.current();
            }

            @Override
            public Request writeRequest(String key) {
                return new Request("PUT", "/kv/" + KeyPaths.encode(key), "application/octet-stream", "", "");
            }

            @Override
            public Request readRequest(String key) {
                return new Request("GET", "/kv/" + KeyPaths.encode(key), null, "", "");
            }

            @Override
            public String encodeValue(String value) {
                return value;
            }

            @Override
            public long leaderFsyncs() {
                KvHttpClient.Reply r = client.status();
                String leader = r.field("leader");
                return leader == null ? -1 : KvHttpClient.node(r.json(), Integer.parseInt(leader)).get("fsyncs").getAsLong();
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /**
     * etcd's JSON gateway ({@code POST /v3/kv/put}, {@code /v3/kv/range}, base64 keys and values),
     * on the member that leads (asked with {@code /v3/maintenance/status}). Ranges are linearizable,
     * etcd's default, like RaftLab's reads.
     */
    static Target etcd(List<String> urls, int connections) {
        HttpClient http = HttpClients.started(connections);
        String leader = etcdLeader(http, urls);
        Base64.Encoder b64 = Base64.getEncoder();
        return new Target() {
            @Override
            public boolean put(String key, String value) {
                return send(writeRequest(key), encodeValue(value));
            }

            @Override
            public boolean get(String key) {
                return send(readRequest(key), "");
            }

            private boolean send(Request r, String value) {
                return post(http, leader + r.path(), r.bodyBefore() + value + r.bodyAfter()) != null;
            }

            @Override
            public String describe() {
                return "etcd at " + leader;
            }

            @Override
            public String url() {
                return leader;
            }

            @Override
            public Request writeRequest(String key) {
                return new Request("POST", "/v3/kv/put", "application/json", "{\"key\":\"" + base64(key) + "\",\"value\":\"", "\"}");
            }

            @Override
            public Request readRequest(String key) {
                return new Request("POST", "/v3/kv/range", "application/json", "{\"key\":\"" + base64(key) + "\"}", "");
            }

            @Override
            public String encodeValue(String value) {
                return base64(value);
            }

            private String base64(String s) {
                return b64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                HttpClients.stop(http);
            }
        };
    }

    private static String etcdLeader(HttpClient http, List<String> urls) {
        for (String url : urls) {
            String body = post(http, url + "/v3/maintenance/status", "{}");
            if (body != null) {
                JsonObject s = JsonParser.parseString(body).getAsJsonObject();
                if (s.get("leader").getAsString().equals(s.getAsJsonObject("header").get("member_id").getAsString())) {
                    return url;
                }
            }
        }
        throw new IllegalStateException("no etcd member at " + urls + " says it leads");
    }

    /** The body of a 200 answer, or null. */
    private static String post(HttpClient http, String url, String json) {
        try {
            ContentResponse r = http.newRequest(url).method(HttpMethod.POST).timeout(10, TimeUnit.SECONDS)
                    .body(new StringRequestContent("application/json", json)).send();
            return r.getStatus() == 200 ? r.getContentAsString() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
