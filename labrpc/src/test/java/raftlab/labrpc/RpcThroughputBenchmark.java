package raftlab.labrpc;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.net.Server;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.labrpc.runtime.RealWorld;
import raftlab.labrpc.runtime.Simulation;
import raftlab.labrpc.runtime.World;
import raftlab.labrpc.trace.TraceSink;

/**
 * 100,000 sequential RPCs through labrpc, in each runtime (and in simulation with the trace on, as
 * tests run); prints the figures and asserts nothing about speed. Run it with
 * {@code mvn -pl labrpc test -Dgroups=benchmark -Draftlab.excludedGroups=none}.
 */
@Tag("benchmark")
class RpcThroughputBenchmark {
    static final int CALLS = 100_000;

    public interface Inc {
        CompletableFuture<Integer> inc(Integer x);
    }

    @Test
    void sequentialRpcs() {
        for (String variant : new String[] {"simulated", "simulated+trace", "real"}) {
            boolean simulated = variant.startsWith("simulated");
            for (int round = 0; round < 2; round++) { // the first round warms the JIT up
                World world = variant.equals("real") ? new RealWorld(1, 4, TraceSink.NONE)
                        : new Simulation(1, variant.endsWith("trace") ? null : TraceSink.NONE);
                try (world) {
                    Network net = new Network(world);
                    NodeRuntime server = world.newNodeRuntime("server", 1);
                    NodeRuntime client = world.newNodeRuntime("client", 1);
                    net.addServer("server", new Server(server).add(Inc.class, x -> CompletableFuture.completedFuture(x + 1)));
                    ClientEnd end = net.makeEnd("e", client);
                    net.connect("e", "server");
                    net.enable("e", true);
                    Inc stub = end.stub(Inc.class);
                    java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
                    long t0 = System.nanoTime();
                    Runnable[] next = new Runnable[1];
                    next[0] = () -> stub.inc(done.get()).thenAccept(v -> {
                        done.set(v);
                        if (v < CALLS) {
                            next[0].run();
                        }
                    });
                    client.execute(next[0]);
                    if (world instanceof Simulation sim) {
                        while (done.get() < CALLS && sim.step()) {
                            // drive the simulation
                        }
                    } else {
                        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                                .until(() -> done.get() >= CALLS);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    if (round == 1) {
                        System.out.printf(Locale.ROOT, "labrpc %s runtime: %,d sequential RPCs in %.2f s = %.1f µs/RPC, %,.0f RPC/s%n",
                                variant, CALLS, secs, secs * 1e6 / CALLS, CALLS / secs);
                    }
                }
            }
        }
    }
}
