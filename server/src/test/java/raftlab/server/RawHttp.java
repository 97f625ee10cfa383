package raftlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Requests sent byte for byte over a socket: an HTTP client library would normalize or refuse the
 * malformed forms these tests must send (bad escapes, dot segments, broken request lines).
 */
final class RawHttp {
    /** A response: status, raw header block (lower-cased), body. */
    record Response(int status, String headers, String body) {
        boolean isJson() {
            return headers.contains("content-type: application/json");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads until close. */
    static Response send(String baseUrl, String head, byte[] body) throws IOException {
        return send(baseUrl, head, body, 15_000);
    }

    /** As {@link #send(String, String, byte[])}, failing with a {@link java.net.SocketTimeoutException} after {@code timeoutMs}. */
    static Response send(String baseUrl, String head, byte[] body, int timeoutMs) throws IOException {
        URI base = URI.create(baseUrl);
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            String headers = headEnd < 0 ? text : text.substring(0, headEnd);
            String content = headEnd < 0 ? "" : text.substring(headEnd + 4);
            String[] statusLine = headers.split("\r\n", 2)[0].split(" ");
            int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
            return new Response(status, headers.toLowerCase(Locale.ROOT), content);
        }
    }

    /** A bodiless request that must be answered within {@code timeoutMs}. */
    static Response requestWithin(String baseUrl, String method, String target, int timeoutMs) throws IOException {
        return send(baseUrl, method + " " + target + " HTTP/1.1\r\nHost: x", null, timeoutMs);
    }

    /** A request with a host header and, when there is a body, its length. */
    static Response request(String baseUrl, String method, String target, String body) throws IOException {
        byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: x" + (bytes == null ? "" : "\r\nContent-Length: " + bytes.length);
        return send(baseUrl, head, bytes);
    }
}
