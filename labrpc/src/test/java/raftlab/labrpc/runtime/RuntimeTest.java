package raftlab.labrpc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class RuntimeTest {

    @Test
    void simulationRunsEventsInTimeThenSubmissionOrder() {
        Simulation sim = new Simulation(1);
        List<String> order = new ArrayList<>();
        sim.schedule(20, () -> order.add("b"));
        sim.schedule(10, () -> order.add("a"));
        sim.schedule(20, () -> order.add("c"));
        sim.runFor(100);
        assertEquals(List.of("a", "b", "c"), order);
        assertEquals(100, sim.now());
    }

    @Test
    void cancelledAndHaltedTimersNeverFire() {
        Simulation sim = new Simulation(1);
        NodeRuntime node = sim.newNodeRuntime("S0", 1);
        AtomicInteger fired = new AtomicInteger();
        node.schedule(10, fired::incrementAndGet).cancel();
        node.schedule(20, fired::incrementAndGet);
        node.halt();
        node.schedule(5, fired::incrementAndGet);
        sim.runFor(100);
        assertEquals(0, fired.get());
        assertFalse(node.alive());
    }

    @Test
    void runUntilStopsAtTheEventThatMakesTheConditionTrue() {
        Simulation sim = new Simulation(1);
        AtomicInteger n = new AtomicInteger();
        for (int i = 1; i <= 10; i++) {
            sim.schedule(i * 100L, n::incrementAndGet);
        }
        assertTrue(sim.runUntil(() -> n.get() == 3, 10_000));
        assertEquals(300, sim.now());
        assertFalse(sim.runUntil(() -> n.get() == 99, 250));
        assertEquals(550, sim.now());
    }

    @Test
    void aLivelockFailsTheRunInsteadOfRunningForever() {
        Simulation sim = new Simulation(1);
        NodeRuntime node = sim.newNodeRuntime("S0", 1);
        Runnable[] again = new Runnable[1];
        again[0] = () -> node.schedule(0, again[0]); // re-schedules itself with no delay: time never moves
        node.execute(again[0]);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> sim.runFor(1000));
        assertTrue(e.getMessage().startsWith("livelock: " + Simulation.LIVELOCK_EVENTS + " events ran at 0 ms"), e.getMessage());

        Simulation busy = new Simulation(1); // many events, but time moves: no livelock
        NodeRuntime ticker = busy.newNodeRuntime("S0", 1);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> ticker.schedule(1, tick[0]);
        ticker.execute(tick[0]);
        busy.runFor(2_000_000);
        assertTrue(busy.eventsRun() > 1_500_000);
    }

    @Test
    void nodeRandomnessDependsOnSeedNodeAndIncarnation() {
        long a = new Simulation(7).newNodeRuntime("S0", 1).random().nextLong();
        long b = new Simulation(7).newNodeRuntime("S0", 1).random().nextLong();
        long c = new Simulation(7).newNodeRuntime("S0", 2).random().nextLong();
        long d = new Simulation(8).newNodeRuntime("S0", 1).random().nextLong();
        assertEquals(a, b);
        assertTrue(a != c && a != d);
    }

    @Test
    void realWorldRunsTimersOnItsPoolAndReportsTaskFailures() {
        try (RealWorld world = new RealWorld(1)) {
            NodeRuntime node = world.newNodeRuntime("S0", 1);
            List<Long> fired = new CopyOnWriteArrayList<>();
            node.schedule(20, () -> fired.add(world.now()));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fired.size() == 1);
            assertTrue(fired.get(0) >= 20);
            node.schedule(0, () -> {
                throw new IllegalStateException("boom (this test fails a task on purpose)");
            });
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
                try {
                    world.rethrowTaskFailure();
                    return false;
                } catch (IllegalStateException e) {
                    return e.getMessage().startsWith("boom");
                }
            });
        }
    }
}
