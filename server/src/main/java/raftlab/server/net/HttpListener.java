package raftlab.server.net;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTP listener of a node: one address, its own bounded threads and connections, JSON for every
 * error Jetty answers itself. A node has one for its peers and one for its clients, so however a
 * client uses its listener (a flood of connections, stalled bodies, slow reads) it cannot take the
 * threads, connections or accept queue that Raft's own messages need.
 */
public final class HttpListener implements AutoCloseable {
    /** What one listener may use, and how long a silent connection may hold any of it. */
    public record Limits(int threads, int connections, Duration idleTimeout) {
        public Limits {
            if (threads < 8 || connections < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("threads >= 8, connections >= 1 and a positive idle timeout, not " + this);
            }
        }

        public Limits withIdleTimeout(Duration d) {
            return new Limits(threads, connections, d);
        }
    }

    private final Server http;
    private final ServerConnector connector;
    private final QueuedThreadPool threads;

    private HttpListener(String name, String host, int port, Limits limits, Handler handler) {
        threads = new QueuedThreadPool(limits.threads(), Math.min(8, limits.threads()));
        threads.setName(name);
        http = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        // Hand the handlers the path exactly as sent: a key's path is decoded once, by the client API,
        // which refuses the ambiguous forms itself with a clear JSON answer (KeyPaths).
        config.setUriCompliance(UriCompliance.UNSAFE);
        config.setSendServerVersion(false);
        connector = new ServerConnector(http, new HttpConnectionFactory(config));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        http.addConnector(connector);
        // Past the limit the listener stops accepting: new connections wait in the kernel's queue, and
        // the node's other listener is untouched.
        http.addBean(new ConnectionLimit(limits.connections(), connector));
        http.setHandler(handler);
        http.setErrorHandler(new JsonErrorHandler());
        http.setStopTimeout(2_000);
    }

    /** Listens on {@code host:port} ({@code 0}: any free port) and serves {@code handler}. */
    public static HttpListener open(String name, String host, int port, Limits limits, Handler handler) {
        HttpListener l = new HttpListener(name, host, port, limits, handler);
        try {
            l.http.start();
        } catch (Exception e) {
            l.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + name + "): " + e.getMessage(), e);
        }
        return l;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Tasks waiting for one of this listener's threads: 0 unless every thread is busy. */
    public int waitingForAThread() {
        return threads.getQueueSize();
    }

    /** Stops listening; requests still in flight after the stop timeout are cut off. */
    @Override
    public void close() {
        try {
            http.stop();
        } catch (TimeoutException slow) {
            // a request waiting for its commit outlived the graceful stop: Jetty has stopped all the same
        } catch (Exception e) {
            throw new IllegalStateException("stopping the listener failed", e);
        }
    }
}
