package raftlab.labrpc.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import raftlab.labrpc.runtime.Simulation;

/** labrpc's self-tests (the equivalents of 6.5840's), in both runtimes where meaningful. */
class NetworkTest {

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void basic(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            Echo.Reply r = f.result(f.stub().echo(new Echo.Args("hello", 7)));
            assertEquals("hello", r.text());
            assertEquals(7, r.n());
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void typesTravelAsCopies(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            List<Integer> list = new ArrayList<>(List.of(1, 2, 3));
            Echo.Args args = new Echo.Args("lists", 3, list);
            CompletableFuture<Echo.Reply> call = f.stub().echo(args);
            list.add(4); // changes after the call must not travel: args were copied at send time
            Echo.Reply r = f.result(call);
            assertEquals(List.of(1, 2, 3), r.list());
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void disconnectedEndFailsThenWorksWhenEnabled(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            ClientEnd end = f.end();
            f.net.enable(end.name(), false);
            assertTrue(f.failed(end.stub(Echo.class).echo(new Echo.Args("x", 0))), "a disabled end must fail");
            assertEquals(0, f.net.count("server"));
            f.net.enable(end.name(), true);
            assertEquals("y", f.result(end.stub(Echo.class).echo(new Echo.Args("y", 0))).text());
            assertEquals(1, f.net.count("server"));
        }
    }

    @Test
    void countsDeliveredCalls() {
        try (NetFixture f = new NetFixture(true, 1)) {
            Echo stub = f.stub();
            for (int i = 0; i < 17; i++) {
                f.result(stub.echo(new Echo.Args("c", i)));
            }
            assertEquals(17, f.net.count("server"));
            assertEquals(17, f.net.totalCount());
        }
    }

    @Test
    void countsRequestAndReplyBytes() {
        try (NetFixture f = new NetFixture(true, 1)) {
            Echo stub = f.stub();
            String text = "x".repeat(284);
            int requestBytes = Codec.byteLength(Codec.encode(new Echo.Args(text, 0)));
            int replyBytes = Codec.byteLength(Codec.encode(new Echo.Reply(text, 0, List.of())));
            for (int i = 0; i < 17; i++) {
                f.result(stub.echo(new Echo.Args(text, 0)));
            }
            assertEquals(17L * (requestBytes + replyBytes), f.net.totalBytes());
            assertTrue(f.net.totalBytes() > 17 * 2 * 284, "bytes cover at least the payload both ways");

            long before = f.net.totalBytes();
            for (int i = 0; i < 17; i++) {
                f.result(stub.sized(new Echo.Args("", 107)));
            }
            long delta = f.net.totalBytes() - before;
            assertTrue(delta >= 17 * 107 && delta <= 17 * (107 + 80), "17 replies of 107 chars cost " + delta + " bytes");
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void manyConcurrentClients(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 3)) {
            List<CompletableFuture<Echo.Reply>> calls = new ArrayList<>();
            for (int c = 0; c < 20; c++) {
                Echo stub = f.stub();
                for (int i = 0; i < 10; i++) {
                    calls.add(stub.echo(new Echo.Args("c" + c, i)));
                }
            }
            assertTrue(f.await(() -> calls.stream().allMatch(CompletableFuture::isDone), 10_000));
            assertTrue(calls.stream().noneMatch(CompletableFuture::isCompletedExceptionally));
            assertEquals(200, f.net.count("server"));
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void unreliableLosesAboutOneCallInFive(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 5)) {
            f.net.reliable(false);
            List<CompletableFuture<Echo.Reply>> calls = new ArrayList<>();
            for (int c = 0; c < 300; c++) {
                calls.add(f.stub().echo(new Echo.Args("u", c)));
            }
            assertTrue(f.await(() -> calls.stream().allMatch(CompletableFuture::isDone), 10_000));
            long ok = calls.stream().filter(c -> !c.isCompletedExceptionally()).count();
            // 10 % request loss and 10 % reply loss: about 81 % succeed.
            assertTrue(ok > 200 && ok < 280, ok + " of 300 succeeded; expected about 243");
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void concurrentCallsOnOneEnd(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            Echo stub = f.stub();
            List<CompletableFuture<Echo.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(stub.echo(new Echo.Args("one", i)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i, f.result(calls.get(i)).n());
            }
            assertEquals(20, f.net.count("server"));
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void callsParkedOnADisabledEndDoNotDelayALaterCall(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            f.net.longDelays(true);
            ClientEnd end = f.end();
            f.net.enable(end.name(), false);
            List<CompletableFuture<Echo.Reply>> parked = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                parked.add(end.stub(Echo.class).echo(new Echo.Args("parked", i)));
            }
            f.net.enable(end.name(), true);
            long t0 = f.world.now();
            CompletableFuture<Echo.Reply> fresh = end.stub(Echo.class).echo(new Echo.Args("fresh", 0));
            assertEquals("fresh", f.result(fresh).text());
            if (simulated) {
                assertTrue(f.world.now() - t0 <= 30, "the fresh call took " + (f.world.now() - t0) + " ms");
            }
            assertEquals(1, f.net.count("server"), "only the fresh call may be delivered");
            assertTrue(parked.stream().noneMatch(CompletableFuture::isDone) || !simulated,
                    "parked calls fail only after their long delay");
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void aKilledServersCallFailsFast(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            CompletableFuture<Echo.Reply> call = f.stub().hang(new Echo.Args("h", 0));
            assertTrue(f.await(() -> f.echo.handled.get() == 1, 5_000));
            long t0 = f.world.now();
            f.net.deleteServer("server");
            assertTrue(f.failed(call));
            if (simulated) {
                assertTrue(f.world.now() - t0 <= Network.HANDLER_CHECK_MS, "took " + (f.world.now() - t0) + " ms");
            }
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void aDeletedServerNeverAcknowledges(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            CompletableFuture<Echo.Reply> call = f.stub().later(new Echo.Args("l", 0));
            assertTrue(f.await(() -> f.echo.handled.get() == 1, 5_000));
            f.net.deleteServer("server");
            f.echo.pending.complete(new Echo.Reply("too late", 0, List.of()));
            assertTrue(f.failed(call), "a reply from a deleted server must not reach the caller");
        }
    }

    @Test
    void longDelaysStallUnreachableCallsForUpToSevenSeconds() {
        for (boolean longDelays : new boolean[] {true, false}) {
            try (NetFixture f = new NetFixture(true, 11)) {
                f.net.longDelays(longDelays);
                ClientEnd end = f.end();
                f.net.enable(end.name(), false);
                List<CompletableFuture<Echo.Reply>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    calls.add(end.stub(Echo.class).echo(new Echo.Args("d", i)));
                }
                long t0 = f.world.now();
                long[] last = {0};
                calls.forEach(c -> c.whenComplete((r, e) -> last[0] = f.world.now() - t0));
                assertTrue(f.await(() -> calls.stream().allMatch(CompletableFuture::isDone), 10_000));
                if (longDelays) {
                    assertTrue(last[0] > 5000 && last[0] < Network.LONG_DELAY_MS, "slowest failure after " + last[0] + " ms");
                } else {
                    assertTrue(last[0] < Network.SHORT_FAIL_DELAY_MS, "slowest failure after " + last[0] + " ms");
                }
            }
        }
    }

    @Test
    void longReorderingDelaysTwoThirdsOfReplies() {
        try (NetFixture f = new NetFixture(true, 13)) {
            f.net.longReordering(true);
            Echo stub = f.stub();
            long t0 = f.world.now();
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                stub.echo(new Echo.Args("r", i)).whenComplete((r, e) -> latencies.add(f.world.now() - t0));
            }
            assertTrue(f.await(() -> latencies.size() == 300, 5_000));
            long delayed = latencies.stream().filter(l -> l >= 200).count();
            assertTrue(delayed > 170 && delayed < 230, delayed + " of 300 replies delayed; expected about 200");
            assertTrue(latencies.stream().allMatch(l -> l < 2200));
        }
    }

    @Test
    void unknownMethodFailsLoudlyNamingTheChoices() {
        try (NetFixture f = new NetFixture(true, 1)) {
            f.end().call("Echo.nope", new Echo.Args("x", 0), Echo.Reply.class);
            Simulation sim = (Simulation) f.world;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.runFor(10));
            assertTrue(e.getMessage().contains("Echo.echo"), e.getMessage());
        }
    }

    @Test
    void anExceptionInAReplyCallbackFailsTheRunInsteadOfVanishing() {
        try (NetFixture f = new NetFixture(true, 1)) {
            f.stub().echo(new Echo.Args("x", 0)).whenComplete((r, e) -> {
                throw new IllegalStateException("bug in a student's callback");
            });
            Simulation sim = (Simulation) f.world;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.runFor(10));
            assertEquals("bug in a student's callback", e.getMessage());
        }
    }

    @Test
    void aHaltedCallerHearsNothing() {
        try (NetFixture f = new NetFixture(true, 1)) {
            boolean[] ran = {false};
            f.stub().echo(new Echo.Args("x", 0)).whenComplete((r, e) -> ran[0] = true);
            f.client.halt();
            f.await(() -> false, 1000);
            assertFalse(ran[0], "a crashed caller's callbacks must never run");
        }
    }

    @Test
    void heldRepliesAreDeliveredOnReleaseOrLostOnDrop() {
        try (NetFixture f = new NetFixture(true, 1)) {
            Hold hold = f.net.holdReplies("client", "server", "echo");
            CompletableFuture<Echo.Reply> kept = f.stub().echo(new Echo.Args("a", 0));
            assertTrue(f.await(() -> hold.parked() == 1, 1000));
            assertFalse(kept.isDone(), "a held reply must not arrive");
            hold.release();
            assertEquals("a", f.result(kept).text());
            Hold second = f.net.holdReplies("client", "server", "echo");
            CompletableFuture<Echo.Reply> lost = f.stub().echo(new Echo.Args("b", 0));
            assertTrue(f.await(() -> second.parked() == 1, 1000));
            second.drop();
            assertTrue(f.failed(lost), "a dropped reply fails its call");
            assertEquals("c", f.result(f.stub().echo(new Echo.Args("c", 0))).text(), "nothing is held after a drop");
        }
    }

    @ParameterizedTest(name = "simulated={0}")
    @ValueSource(booleans = {true, false})
    void callbacksNeverRunInlineOnTheAttachingThread(boolean simulated) {
        try (NetFixture f = new NetFixture(simulated, 1)) {
            CompletableFuture<Echo.Reply> call = f.stub().echo(new Echo.Args("x", 0));
            f.result(call); // completed before the callback is attached
            Thread attaching = Thread.currentThread();
            Object lock = new Object();
            java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
            synchronized (lock) {
                call.whenComplete((r, e) -> seen.set(Thread.holdsLock(lock) && Thread.currentThread() == attaching
                        ? "inline" : "task"));
                // In real mode the task may already have run on another thread: only "inline" is wrong.
                assertNotEquals("inline", seen.get(), "the callback ran inside the caller's code");
            }
            assertTrue(f.await(() -> seen.get() != null, 5_000));
            assertEquals("task", seen.get());
        }
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        assertEquals(scenarioDigest(42), scenarioDigest(42));
        assertNotEquals(scenarioDigest(42), scenarioDigest(43));
    }

    /** Unreliable calls and node timers: a run whose every detail depends on the seed. */
    private static String scenarioDigest(long seed) {
        try (NetFixture f = new NetFixture(true, seed)) {
            f.net.reliable(false);
            f.net.longReordering(true);
            Echo stub = f.stub();
            for (int i = 0; i < 200; i++) {
                int n = i;
                f.client.schedule(f.client.random().nextInt(1000), () -> stub.echo(new Echo.Args("s", n)));
            }
            ((Simulation) f.world).runFor(5_000);
            return ((raftlab.labrpc.trace.TraceLog) f.world.trace()).digest();
        }
    }
}
