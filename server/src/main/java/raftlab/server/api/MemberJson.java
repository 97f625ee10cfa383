package raftlab.server.api;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;

/**
 * The body of {@code POST /cluster/members}, read strictly: {@code {"peerUrl": "http://host:port",
 * "clientUrl": "http://host:port"}}, both required, nothing else; a refusal is a 400 naming why.
 */
final class MemberJson {
    private MemberJson() {
    }

    /** The new node's two addresses. */
    record Add(String peerUrl, String clientUrl) {
    }

    static Add parse(String body) {
        try (JsonReader in = new JsonReader(new StringReader(body))) {
            in.setLenient(false);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw new BadRequest(400, "the body must be a JSON object {\"peerUrl\": ..., \"clientUrl\": ...}");
            }
            in.beginObject();
            String peerUrl = null;
            String clientUrl = null;
            while (in.hasNext()) {
                String name = in.nextName();
                boolean peer = name.equals("peerUrl");
                if (!peer && !name.equals("clientUrl")) {
                    throw new BadRequest(400, "unknown field '" + name + "'; a member takes only \"peerUrl\" and \"clientUrl\"");
                }
                if ((peer ? peerUrl : clientUrl) != null) {
                    throw new BadRequest(400, "\"" + name + "\" given twice");
                }
                if (in.peek() != JsonToken.STRING) {
                    throw new BadRequest(400, "\"" + name + "\" must be a string http://host:port");
                }
                String url = baseUrl(in.nextString(), name);
                if (peer) {
                    peerUrl = url;
                } else {
                    clientUrl = url;
                }
            }
            in.endObject();
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new BadRequest(400, "text after the member's closing brace");
            }
            if (peerUrl == null || clientUrl == null) {
                throw new BadRequest(400, "a member needs both \"peerUrl\" and \"clientUrl\"");
            }
            if (peerUrl.equals(clientUrl)) {
                throw new BadRequest(400, "a node listens for peers and for clients on two addresses, not both " + peerUrl);
            }
            return new Add(peerUrl, clientUrl);
        } catch (BadRequest e) {
            throw e;
        } catch (IOException | IllegalStateException | NumberFormatException e) { // Gson's words for malformed JSON
            String why = String.valueOf(e.getMessage());
            int advice = why.indexOf("\nSee ");
            throw new BadRequest(400, "the body is not valid JSON: " + (advice < 0 ? why : why.substring(0, advice)));
        }
    }

    /** {@code http://host:port} and nothing more (no path, query, user or fragment): what a node is reached at. */
    private static String baseUrl(String text, String name) {
        URI u;
        try {
            u = URI.create(text);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (text.length() > 256 || u == null || !"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0
                || u.getPort() > 65_535 || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty())) {
            throw new BadRequest(400, "\"" + name + "\" must look like http://host:port, not '"
                    + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'");
        }
        return "http://" + u.getHost() + ":" + u.getPort();
    }
}
