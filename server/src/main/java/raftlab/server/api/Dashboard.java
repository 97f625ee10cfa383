package raftlab.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The status page served at {@code /}: one self-contained HTML file that polls {@code /cluster/status}. */
final class Dashboard {
    private Dashboard() {
    }

    static String page() {
        try (InputStream in = Dashboard.class.getResourceAsStream("/raftlab/server/dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
