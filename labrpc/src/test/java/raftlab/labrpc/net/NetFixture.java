package raftlab.labrpc.net;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.labrpc.runtime.RealWorld;
import raftlab.labrpc.runtime.Simulation;
import raftlab.labrpc.runtime.World;

/** A network with one Echo server, in either runtime, and ways to wait that work in both. */
final class NetFixture implements AutoCloseable {
    final World world;
    final Network net;
    final EchoServer echo = new EchoServer();
    final NodeRuntime serverRuntime;
    final NodeRuntime client;
    private int ends;

    NetFixture(boolean simulated, long seed) {
        this.world = simulated ? new Simulation(seed) : new RealWorld(seed);
        this.net = new Network(world);
        this.serverRuntime = world.newNodeRuntime("server", 1);
        this.client = world.newNodeRuntime("client", 1);
        net.addServer("server", new Server(serverRuntime).add(Echo.class, echo));
    }

    /** A new enabled end from the client to the server. */
    ClientEnd end() {
        ClientEnd e = net.makeEnd("end" + (++ends), client);
        net.connect(e.name(), "server");
        net.enable(e.name(), true);
        return e;
    }

    Echo stub() {
        return end().stub(Echo.class);
    }

    /** Waits until {@code condition} holds: virtual time in simulation, Awaitility in real mode. */
    boolean await(BooleanSupplier condition, long timeoutMillis) {
        if (world instanceof Simulation sim) {
            return sim.runUntil(condition, timeoutMillis);
        }
        try {
            Awaitility.await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofMillis(timeoutMillis))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    <T> T result(CompletableFuture<T> f) {
        if (!await(f::isDone, 60_000)) {
            throw new AssertionError("call did not complete");
        }
        return f.getNow(null);
    }

    boolean failed(CompletableFuture<?> f) {
        if (!await(f::isDone, 60_000)) {
            throw new AssertionError("call did not complete");
        }
        return f.isCompletedExceptionally();
    }

    @Override
    public void close() {
        world.close();
    }
}
