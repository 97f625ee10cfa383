package raftlab.server.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a malformed request line, headers too large, a URI too long, a failure before
 * any handler ran) answered like every other refusal of the server: {@code {"error": message}} as
 * JSON, never an HTML page, and never a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        return HttpReplies.error(response, callback, status, message instanceof String m && !m.isBlank() ? m : reason(status));
    }

    /** The answer to a request Jetty could not even parse, written before any handler exists for it. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String message = reason == null || reason.isBlank() ? reason(status) : reason;
        return ByteBuffer.wrap(HttpReplies.toJson(Map.of("error", message)).getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(int status) {
        String r = HttpStatus.getMessage(status);
        return r == null ? "HTTP " + status : r;
    }
}
