package raftlab.server.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The wrk driver: its Lua script sends the target's requests with the right methods, paths and bodies
 * at the asked read share, and its result line becomes a {@link LoadRun.Result}. The run against a
 * stub server needs wrk; CI installs it and sets {@code RAFTLAB_REQUIRE_WRK=1}, so there a missing
 * wrk fails the test, elsewhere it is skipped.
 */
class WrkRunTest {
    @Test
    void luaStringsCarryAnyBytes() {
        assertEquals("\"a/b\"", WrkRun.lua("a/b"));
        assertEquals("\"\\034q\\034\\092\\010\"", WrkRun.lua("\"q\"\\\n"));
        assertEquals("\"\\195\\169\"", WrkRun.lua("é")); // UTF-8 bytes, as wrk sends them
    }

    @Test
    void theResultLineIsParsedAndItsAbsenceIsAnError() {
        Map<String, Long> f = WrkRun.parse("Running 1s test\nwrk-result requests=10 duration_us=1000000 status_errors=1 p99=250\n");
        assertEquals(10, f.get("requests"));
        assertEquals(250, f.get("p99"));
        assertThrows(IllegalStateException.class, () -> WrkRun.parse("unable to connect to 127.0.0.1:1"));
    }

    @Test
    void sendsTheTargetsWritesAndReadsAtTheAskedShare() throws Exception {
        assumeWrk();
        Map<String, LongAdder> seen = new ConcurrentHashMap<>();
        LongAdder badBodies = new LongAdder();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                String path = request.getHttpURI().getPath();
                if (request.getMethod().equals("PUT") ? !body.equals("[vvvv]") : !body.isEmpty()) {
                    badBodies.increment();
                }
                seen.computeIfAbsent(request.getMethod() + " " + path, k -> new LongAdder()).increment();
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        server.start();
        try {
            Target stub = new StubTarget("http://127.0.0.1:" + connector.getLocalPort());
            LoadRun.Result r = new WrkRun(stub, 4, 4, 25, 3).run(0, 1, line -> { });
            long puts = seen.entrySet().stream().filter(e -> e.getKey().startsWith("PUT")).mapToLong(e -> e.getValue().sum()).sum();
            long gets = seen.entrySet().stream().filter(e -> e.getKey().startsWith("GET")).mapToLong(e -> e.getValue().sum()).sum();
            assertEquals(0, r.errors(), "errors: " + r);
            assertTrue(r.ops() > 0, "wrk counted what it sent: " + r);
            assertTrue(puts + gets >= r.ops() && puts + gets <= r.ops() + 4, // those in flight when wrk stopped reached it uncounted
                    "every request wrk counts reached the server: " + r.ops() + " counted, " + seen);
            assertEquals(0, badBodies.sum(), "writes carry the encoded value between the body's halves; reads none");
            assertTrue(List.of("GET /k/bench_0", "GET /k/bench_1", "GET /k/bench_2", "PUT /k/bench_0", "PUT /k/bench_1",
                    "PUT /k/bench_2").containsAll(seen.keySet()), "only the target's requests: " + seen.keySet());
            // A quarter reads, within five standard deviations of the binomial for however many were sent:
            // no assumption about how fast this machine is.
            long n = puts + gets;
            double readShare = gets / (double) n;
            assertTrue(Math.abs(readShare - 0.25) <= 5 * Math.sqrt(0.25 * 0.75 / n), "about a quarter reads: " + gets + " of " + n);
            assertTrue(r.p50() > 0 && r.p50() <= r.p99() && r.p99() <= r.max(), "latencies in order: " + r);
        } finally {
            server.stop();
        }
    }

    private static void assumeWrk() {
        boolean found;
        try {
            found = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (Exception e) {
            found = false;
        }
        if (!found && "1".equals(System.getenv("RAFTLAB_REQUIRE_WRK"))) {
            throw new AssertionError("RAFTLAB_REQUIRE_WRK=1 but no wrk on the PATH (apt-get install -y wrk)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found, "no wrk on the PATH; install it (apt-get install -y wrk) to run this test");
    }

    /**
     * A store at {@code url} whose writes put "[value]" and whose reads are bodiless GETs ({@code /}
     * in a key becomes {@code _}: a plain Jetty server refuses {@code %2F} in a path).
     */
    private record StubTarget(String url) implements Target {
        @Override
        public boolean put(String key, String value) {
            return true; // the fill before a run with reads: the stub holds nothing
        }

        @Override
        public boolean get(String key) {
            return true;
        }

        @Override
        public Request writeRequest(String key) {
            return new Request("PUT", "/k/" + key.replace("/", "_"), "text/plain", "[", "]");
        }

        @Override
        public Request readRequest(String key) {
            return new Request("GET", "/k/" + key.replace("/", "_"), null, "", "");
        }

        @Override
        public String encodeValue(String value) {
            return value;
        }

        @Override
        public String describe() {
            return "stub at " + url;
        }

        @Override
        public void close() {
        }
    }
}
