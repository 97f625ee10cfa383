package raftlab.server.net;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writing a whole JSON (or text) response, the one way every handler of the server does it. */
public final class HttpReplies {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private HttpReplies() {
    }

    public static boolean json(Response response, Callback callback, int status, Object body) {
        return text(response, callback, status, "application/json", GSON.toJson(body));
    }

    /** {@code {"error": message}}: every refusal looks the same, and none carries a stack trace. */
    public static boolean error(Response response, Callback callback, int status, String message) {
        if (status == 408 || status == 413) { // the rest of the body is not wanted: hang up rather than wait to drain it
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        return json(response, callback, status, Map.of("error", message));
    }

    public static boolean text(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType + "; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
        return true;
    }

    public static String toJson(Object o) {
        return GSON.toJson(o);
    }

    public static <T> T fromJson(String json, Class<T> type) {
        return GSON.fromJson(json, type);
    }
}
