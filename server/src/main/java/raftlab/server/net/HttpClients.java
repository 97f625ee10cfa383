package raftlab.server.net;

import org.eclipse.jetty.client.HttpClient;

/** Jetty HTTP clients as the server, the CLI and the benchmark use them: started at once, stopped on close. */
public final class HttpClients {
    private HttpClients() {
    }

    /** A started client that keeps up to {@code connections} connections to each server (and queues 4× more requests). */
    public static HttpClient started(int connections) {
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(Math.max(1, connections));
        http.setMaxRequestsQueuedPerDestination(Math.max(1024, connections * 4));
        return start(http);
    }

    /** Starts {@code http} (configured by the caller). */
    public static HttpClient start(HttpClient http) {
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        return http;
    }

    public static void stop(HttpClient http) {
        try {
            http.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client", e);
        }
    }
}
