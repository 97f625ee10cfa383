package raftlab.server.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.RaftHttpNode;
import raftlab.snapshots.CompactingNode;

/**
 * What a stalled or dripping client can hold: one connection, for at most the idle timeout. A
 * request line cut short is dropped when the connection goes quiet; a body that trickles in (a byte
 * every 200 ms, never quiet long enough to look idle) is refused 408, in JSON, once the idle timeout
 * has passed since its headers.
 */
class SlowClientsTest {
    private static final PeerAuth AUTH = new PeerAuth("test-token-0123456789abcdef");
    private static final Duration IDLE = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    private RaftHttpNode node;
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void startOneNode() {
        node = RaftHttpNode.bind("127.0.0.1", 0, AUTH, IDLE);
        node.start(0, List.of("http://127.0.0.1:" + node.port()), tmp.resolve("node0"), CompactingNode.factory(), msg -> {
        });
    }

    @AfterEach
    void stop() {
        drip.shutdownNow();
        node.close();
    }

    @Test
    void aRequestLineCutShortIsDroppedWhenTheConnectionGoesQuiet() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write("POST /raft/RaftRpc.requestVote HT".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            String answer = readToEnd(s);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 5 * IDLE.toMillis(), "the server held a stalled request line for " + ms + " ms: " + answer);
        }
    }

    @Test
    void aBodyThatTricklesIsRefusedOnceTheIdleTimeoutHasPassed() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /raft/RaftRpc.requestVote HTTP/1.1\r\nHost: x\r\nX-RaftLab-Token: " + AUTH.token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            long start = System.nanoTime();
            drip.scheduleAtFixedRate(() -> {
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    throw new IllegalStateException(closed); // the server hung up: stop dripping
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            String answer = readToEnd(s);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("HTTP/1.1 408"), "a trickling body got: " + answer);
            assertTrue(answer.contains("\"error\"") && answer.contains("did not arrive whole"), "not a JSON refusal: " + answer);
            assertTrue(ms < 5 * IDLE.toMillis(), "the server held a trickling body for " + ms + " ms");
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", node.port());
        s.setSoTimeout((int) (10 * IDLE.toMillis())); // a server that never hangs up fails the test, not the build
        return s;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToEnd(Socket s) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor hung up within " + s.getSoTimeout() + " ms; got: "
                    + all.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException reset) {
            // a reset is a hang-up too
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
