package raftlab.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a key travels in a URL path ({@code /kv/{key}}; docs/cluster.md, "Keys in URLs"). A key is any
 * UTF-8 string; in the path it is percent-encoded and the server decodes it exactly once. Every byte
 * may be encoded; a raw {@code /} is the same as {@code %2F}. Forms a proxy or a client library could
 * rewrite on the way are refused, never guessed at: path parameters ({@code ;}), dot segments
 * ({@code .}, {@code ..}), and a {@code %} not followed by two hex digits or bytes that are not UTF-8.
 */
public final class KeyPaths {
    private KeyPaths() {
    }

    /** {@code key} for a URL path: every byte but letters, digits, {@code -}, {@code _} and {@code ~} percent-encoded. */
    public static String encode(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The key a raw (still encoded) path tail names; a {@link BadRequest} (400) says why it names none. */
    public static String decode(String raw) {
        if (raw.indexOf(';') >= 0) {
            throw new BadRequest(400, "a key path must not contain ';' (path parameters); encode it as %3B");
        }
        for (String segment : raw.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new BadRequest(400, "a key path must not contain '" + segment + "' segments; encode dots as %2E");
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new BadRequest(400, "bad percent-encoding in the key at offset " + i + ": '%' needs two hex digits");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
                i += Character.charCount(c) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(400, "the key is not UTF-8 once percent-decoded");
        }
    }
}
