package raftlab.server.net;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** Reading a request body the one way the server does: bounded in bytes, and strict UTF-8. */
public final class HttpBodies {
    /** A body refused: its HTTP status (413 too large, 408 too slow, 400 unreadable or not UTF-8) and why. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private HttpBodies() {
    }

    /**
     * The whole body as text, at most {@code maxBytes} whatever Content-Length claims or omits. Read
     * without holding a thread: a client that stalls half-way through its body costs a connection,
     * never one of the server's threads, so stalled clients cannot starve anyone else (Raft's own
     * traffic included). The whole body must arrive within the connector's idle timeout, however
     * steadily it trickles: a client that drips a byte now and then is refused 408 and disconnected,
     * rather than holding its connection for as long as it likes. Fails with {@link Refused}.
     */
    public static CompletableFuture<String> utf8(Request request, int maxBytes, String what) {
        long declared = request.getLength();
        if (declared > maxBytes) {
            return CompletableFuture.failedFuture(new Refused(413, what + " is " + declared + " bytes; at most " + maxBytes
                    + " are allowed"));
        }
        long deadlineMs = request.getConnectionMetaData().getConnector().getIdleTimeout();
        return Content.Source.asByteArrayAsync(request, maxBytes + 1).orTimeout(deadlineMs, TimeUnit.MILLISECONDS)
                .handle((bytes, failure) -> decode(bytes, failure, maxBytes, deadlineMs, what));
    }

    private static String decode(byte[] bytes, Throwable failure, int maxBytes, long deadlineMs, String what) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                throw new Refused(408, what + " did not arrive whole within " + deadlineMs + " ms of the request's headers");
            }
            throw cause instanceof IllegalArgumentException // asByteArrayAsync's "too large"
                    ? new Refused(413, what + " is over " + maxBytes + " bytes, the most allowed")
                    : new Refused(400, "could not read the request body: " + cause.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw new Refused(413, what + " is over " + maxBytes + " bytes, the most allowed");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(400, what + " must be UTF-8 text");
        }
    }

    /** The {@link Refused} inside a failure of {@link #utf8}, or null if the failure is something else. */
    public static Refused refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Refused r) {
                return r;
            }
        }
        return null;
    }
}
