package raftlab.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import raftlab.kv.KvEntry;
import raftlab.kv.KvLimits;
import raftlab.kv.KvResult;
import raftlab.kv.RangeResult;
import raftlab.kvservice.Op;
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
    private boolean bodyConsumed;

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

    /** The body as UTF-8 text, refused if larger than a value may be or not valid UTF-8. */
    String body() {
        long declared = request.getLength();
        if (declared > KvLimits.MAX_VALUE_BYTES) {
            throw new BadRequest(413, "body is " + declared + " bytes; a value may be at most " + KvLimits.MAX_VALUE_BYTES);
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(KvLimits.MAX_VALUE_BYTES + 1);
        } catch (IOException e) {
            throw new BadRequest(400, "could not read the request body: " + e.getMessage());
        }
        if (bytes.length > KvLimits.MAX_VALUE_BYTES) {
            throw new BadRequest(413, "body is over " + KvLimits.MAX_VALUE_BYTES + " bytes, the largest value allowed");
        }
        bodyConsumed = true;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(400, "the value must be UTF-8 text");
        }
    }

    <T> void await(CompletableFuture<T> pending, Consumer<T> onAnswer) {
        pending.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((value, failure) -> {
            if (failure == null) {
                try {
                    onAnswer.accept(value);
                } catch (BadRequest e) {
                    reply(e.status, Map.of("error", e.getMessage()));
                }
            } else if (failure instanceof TimeoutException) {
                reply(503, Map.of("error", "no majority answered within " + REQUEST_TIMEOUT_MS
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
            case INVALID -> {
                body.put("error", "refused as invalid");
                reply(400, body);
            }
        }
    }

    void rangeReply(RangeResult r) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<KvEntry> entries = r.entries();
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
