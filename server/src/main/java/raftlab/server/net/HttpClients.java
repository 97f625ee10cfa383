package raftlab.server.net;

import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.transport.internal.HttpConnectionOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty HTTP clients as the server, the CLI and the benchmark use them: started at once, stopped on close. */
public final class HttpClients {
    private HttpClients() {
    }

    /** A started client that keeps up to {@code connections} connections to each server (and queues 4× more requests). */
    public static HttpClient started(int connections) {
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(plainHttp()));
        http.setMaxConnectionsPerDestination(Math.max(1, connections));
        http.setMaxRequestsQueuedPerDestination(Math.max(1024, connections * 4));
        return start(http);
    }

    /**
     * A client (not started) whose responses are read and handed to their listeners on the selector
     * thread that saw them arrive. Jetty otherwise treats a connection as blocking and reads each
     * response on a pool thread: a wake-up and a hand-off per reply, which a leader pays on every
     * AppendEntries answer. Only for listeners that never wait: the peer transport's decodes a small
     * reply and queues it on the node's runtime.
     */
    public static HttpClient readingOnSelector() {
        return new HttpClient(new HttpClientTransportOverHTTP(plainHttp()) {
            @Override
            public Connection newConnection(EndPoint endPoint, Map<String, Object> context) {
                HttpConnectionOverHTTP connection = new HttpConnectionOverHTTP(endPoint, context) {
                    @Override
                    @SuppressWarnings("deprecation") // still what the selector asks a connection in Jetty 12.0
                    public InvocationType getInvocationType() {
                        return InvocationType.NON_BLOCKING;
                    }
                };
                connection.setInitialize(isInitializeConnections());
                return connection; // as Jetty's factory makes it, less the event listeners this client never has
            }
        });
    }

    /**
     * A connector for plain HTTP, which is all RaftLab speaks: Jetty otherwise starts a TLS context with
     * every client, loading the JDK's trust store, which took about a tenth of a restarted node's time
     * to serve (a node starts three clients). An https URL fails to connect.
     */
    private static ClientConnector plainHttp() {
        ClientConnector connector = new ClientConnector();
        SslContextFactory.Client unused = new SslContextFactory.Client();
        connector.setSslContextFactory(unused);
        connector.unmanage(unused); // never started, so it loads nothing
        return connector;
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
