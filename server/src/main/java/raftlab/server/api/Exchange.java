package raftlab.server.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import raftlab.kv.KvEntry;
import raftlab.kv.BatchResult;
import raftlab.kv.KvLimits;
import raftlab.kv.KvWrite;
import raftlab.kv.KvResult;
import raftlab.kv.RangeResult;
import raftlab.kvservice.Op;
import raftlab.server.net.HttpBodies;
import raftlab.server.net.HttpReplies;

/**
 * One client request and its response, with what every answer shares: the allowed method, the
 * bounded UTF-8 body, waiting with a timeout, the JSON shape of key and range answers, and the metrics.
 */
final class Exchange {
    /** After this long without a majority's answer, the client gets 503 (a write may still take effect). */
    static final long REQUEST_TIMEOUT_MS = 5_000;

    final Request request;
    final Response response;
    private final Callback callback;
    private final ServerMetrics metrics;
    private final long start = System.nanoTime();
    /** The operation, for the metrics ({@code get}, {@code put}, ...). */
    String op = "other";
    /** The whole request body was read (or there was none). */
    private volatile boolean bodyConsumed;

    Exchange(Request request, Response response, Callback callback, ServerMetrics metrics) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.metrics = metrics;
    }

    void allow(String method) {
        if (!method.equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, method);
            throw new BadRequest(405, request.getMethod() + " is not allowed here; use " + method);
        }
    }

    /** The query parameters; a query that is not valid percent-encoded UTF-8 is refused. */
    Fields query() {
        try {
            return Request.extractQueryParameters(request);
        } catch (IllegalArgumentException e) { // Jetty's UTF-8 and escape errors
            throw new BadRequest(400, "the query string is not valid percent-encoded UTF-8");
        }
    }

    /** Refuses a parameter the route does not take, or one given twice: a typo never goes unnoticed. */
    void only(Fields query, String... allowed) {
        List<String> names = List.of(allowed);
        for (Fields.Field f : query) {
            if (!names.contains(f.getName())) {
                throw new BadRequest(400, "unknown parameter '" + f.getName() + "' for " + request.getMethod() + " here"
                        + (names.isEmpty() ? " (it takes none)" : "; it takes " + String.join(", ", names)));
            }
            if (f.getValues().size() > 1) {
                throw new BadRequest(400, "parameter '" + f.getName() + "' given " + f.getValues().size() + " times");
            }
        }
    }

    /**
     * Reads the body as UTF-8 text (refused if larger than a value may be, or not UTF-8) without
     * holding a thread, then runs {@code then} with it; a refusal {@code then} throws is answered too.
     */
    void withBody(Consumer<String> then) {
        withBody(KvLimits.MAX_VALUE_BYTES, "the value", then);
    }

    /** As {@link #withBody(Consumer)}, for a body of at most {@code maxBytes}, called {@code what} in refusals. */
    void withBody(int maxBytes, String what, Consumer<String> then) {
        HttpBodies.utf8(request, maxBytes, what).whenComplete((text, failure) -> {
            if (failure != null) {
                HttpBodies.Refused refused = HttpBodies.refusal(failure);
                if (refused == null) { // not the client's doing: the node failed while reading (out of memory, say)
                    reply(503, Map.of("error", "the node could not take the request body now ("
                            + failure.getClass().getSimpleName() + "); try again"));
                    return;
                }
                reply(refused.status, Map.of("error", refused.getMessage()));
                return;
            }
            bodyConsumed = true;
            try {
                then.accept(text);
            } catch (BadRequest e) {
                reply(e.status, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                reply(500, Map.of("error", "the node failed to handle the request: " + e.getClass().getSimpleName()));
            }
        });
    }

    <T> void await(CompletableFuture<T> pending, Consumer<T> onAnswer) {
        await(pending, REQUEST_TIMEOUT_MS, onAnswer);
    }

    /** Answers with {@code onAnswer} once {@code pending} completes; a {@link BadRequest} it fails with is answered as such. */
    <T> void await(CompletableFuture<T> pending, long timeoutMs, Consumer<T> onAnswer) {
        pending.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((value, failed) -> {
            Throwable failure = failed instanceof java.util.concurrent.CompletionException && failed.getCause() != null
                    ? failed.getCause() : failed;
            if (failure instanceof BadRequest refused) {
                reply(refused.status, Map.of("error", refused.getMessage()));
            } else if (failure == null) {
                try {
                    onAnswer.accept(value);
                } catch (BadRequest e) {
                    reply(e.status, Map.of("error", e.getMessage()));
                }
            } else if (failure instanceof TimeoutException) {
                reply(503, Map.of("error", "no majority answered within " + timeoutMs
                        + " ms; a write may still take effect"));
            } else {
                reply(500, Map.of("error", "the operation failed: " + failure.getClass().getSimpleName()));
            }
        });
    }

    void keyReply(String key, KvResult r, Op op) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        switch (r.status()) {
            case OK -> {
                if (op == Op.GET) {
                    body.put("value", r.value());
                }
                if (op == Op.DELETE) {
                    body.put("deleted", true);
                } else {
                    body.put("version", r.version());
                }
                reply(200, body);
            }
            case NO_KEY -> {
                if (op == Op.CAS) {
                    body.put("error", "version mismatch: the key does not exist");
                    body.put("version", 0);
                    reply(409, body);
                } else {
                    body.put("error", "no such key");
                    reply(404, body);
                }
            }
            case VERSION -> {
                body.put("error", "version mismatch");
                body.put("version", r.version());
                reply(409, body);
            }
            case MAYBE -> {
                body.put("error", "outcome unknown (the node forgot this client's session): the write may or may not have taken effect");
                reply(503, body);
            }
            case FULL -> {
                body.put("error", "refused: the store is full (its keys and values would pass the node's capacity); "
                        + "delete keys to make room");
                reply(429, body);
            }
            case INVALID -> {
                body.put("error", op == Op.APPEND
                        ? "refused: the append would leave the value over " + KvLimits.MAX_VALUE_BYTES + " bytes"
                        : "refused as invalid");
                reply(400, body);
            }
        }
    }

    /**
     * A batch's answer: 200 when every write applied; 409 naming the write whose condition failed (a
     * delete of an absent key, a cas at another version); 400, 429 and 503 as for one write.
     */
    void batchReply(List<KvWrite> writes, BatchResult r) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (r.ok()) {
            body.put("applied", writes.size());
            reply(200, body);
            return;
        }
        KvWrite w = r.failed() >= 0 && r.failed() < writes.size() ? writes.get(r.failed()) : null;
        String which = w == null ? "" : "write " + r.failed() + " (" + w.kind().name().toLowerCase(java.util.Locale.ROOT)
                + " '" + w.key() + "'" + (w.kind() == KvWrite.Kind.CAS ? " at version " + w.version() : "") + ") ";
        body.put("error", switch (r.status()) {
            case NO_KEY -> which + "found no such key: no write of the batch applied";
            case VERSION -> which + "found another version: no write of the batch applied";
            case FULL -> which + "would take the store past its capacity: no write of the batch applied; delete keys to make room";
            case MAYBE -> "outcome unknown (the node forgot this client's session): the batch may or may not have taken effect, whole";
            default -> which + "was refused" + (r.error() == null ? "" : ": " + r.error()) + "; no write of the batch applied";
        });
        if (w != null) {
            body.put("failed", r.failed());
        }
        body.put("status", r.status().wireName());
        reply(switch (r.status()) {
            case NO_KEY, VERSION -> 409;
            case FULL -> 429;
            case MAYBE -> 503;
            default -> 400;
        }, body);
    }

    void rangeReply(RangeResult r) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<KvEntry> entries = r.entries().stream().filter(e -> !raftlab.server.members.NodeDirectory.reserved(e.key())).toList();
        body.put("entries", entries);
        body.put("count", entries.size());
        body.put("more", r.more());
        reply(200, body);
    }

    void reply(int status, Object body) {
        finish(status);
        HttpReplies.json(response, callback, status, body);
    }

    void text(int status, String type, String body) {
        finish(status);
        HttpReplies.text(response, callback, status, type, body);
    }

    private void finish(int status) {
        metrics.record(op, status, System.nanoTime() - start);
        if (!bodyConsumed && hasBody()) {
            // Refused before its body was read: Jetty will close the connection rather than read a body
            // nobody wants, so say so — a client must not send its next request on this connection.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private boolean hasBody() {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
