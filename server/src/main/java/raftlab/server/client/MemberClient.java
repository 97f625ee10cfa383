package raftlab.server.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import raftlab.server.net.PeerAuth;

/**
 * Membership changes as an operator asks for them: finds the leader ({@code GET /cluster/status} on any
 * node it knows), sends the change there with the cluster token, and asks again while the answer says
 * to (421: not the leader any more; 503: an earlier change or a new leader is not ready yet) until
 * {@code patience} runs out. A refusal that asking again cannot change (400, 401, 404, 409) ends it.
 */
public final class MemberClient {
    private final Supplier<List<String>> urls;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param urls client URLs of nodes to ask for the leader (read again on every attempt) */
    public MemberClient(Supplier<List<String>> urls, String token) {
        this.urls = urls;
        this.token = token;
    }

    /** Adds the node listening at these addresses; the leader's answer (its id, the configuration). */
    public JsonObject add(String peerUrl, String clientUrl, Duration patience) {
        JsonObject body = new JsonObject();
        body.addProperty("peerUrl", peerUrl);
        body.addProperty("clientUrl", clientUrl);
        return change("POST", "/cluster/members", body.toString(), patience);
    }

    /** Removes node {@code id}; the leader's answer (the configuration without it). */
    public JsonObject remove(int id, Duration patience) {
        return change("DELETE", "/cluster/members/" + id, null, patience);
    }

    /** The leader's client URL, or null if no node names one now. */
    public String leader() {
        for (String url : urls.get()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/cluster/status"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonObject status = JsonParser.parseString(r.body()).getAsJsonObject();
                JsonElement leader = status.get("leader");
                if (r.statusCode() == 200 && leader != null && !leader.isJsonNull()) {
                    for (JsonElement n : status.getAsJsonArray("nodes")) {
                        if (n.getAsJsonObject().get("id").getAsInt() == leader.getAsInt()) {
                            return n.getAsJsonObject().get("url").getAsString();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // down, starting, or not a node: ask the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        return null;
    }

    private JsonObject change(String method, String path, String body, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        String last = "no node named a leader";
        while (true) {
            String leader = leader();
            if (leader != null) {
                // No longer than the patience left: the leader goes on with a change whose answer nobody waits for,
                // and asking again picks it up.
                long left = Math.max(1_000, Math.min(40_000, (deadline - System.nanoTime()) / 1_000_000));
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(leader + path)).timeout(Duration.ofMillis(left))
                        .header(PeerAuth.HEADER, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
                try {
                    HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                    JsonObject answer = JsonParser.parseString(r.body()).getAsJsonObject();
                    if (r.statusCode() == 200) {
                        return answer;
                    }
                    last = leader + " answered " + r.statusCode() + ": " + answer.get("error").getAsString();
                    if (r.statusCode() != 421 && r.statusCode() != 503) {
                        throw new Refused(r.statusCode(), last);
                    }
                } catch (IOException | IllegalStateException e) {
                    if (e instanceof Refused) {
                        throw (Refused) e;
                    }
                    last = leader + ": " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + patience.toSeconds() + " s: " + last);
            }
            try {
                Thread.sleep(250); // a new leader needs an entry of its term committed; an election, a few hundred ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    /** A refusal that asking again would not change. */
    public static final class Refused extends IllegalStateException {
        /** The HTTP status of the refusal (404: no such member; 409: the change cannot apply; ...). */
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
