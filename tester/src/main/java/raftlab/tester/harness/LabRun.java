package raftlab.tester.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import raftlab.tester.monitor.Monitor;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.runtime.Cancellable;
import raftlab.labrpc.runtime.RealWorld;
import raftlab.labrpc.runtime.Simulation;
import raftlab.labrpc.runtime.World;
import raftlab.labrpc.trace.TraceLog;

/**
 * One test run: its world (simulated or real), network, trace, monitors and clock. Test bodies use
 * {@link #sleep} and {@link #awaitUntil} and never notice which runtime they are on: in simulation
 * these advance virtual time; in real mode they wait (with Awaitility, polling).
 */
public final class LabRun implements AutoCloseable {
    /** How often monitors run in real mode (in simulation they run after every event). */
    static final long REAL_MONITOR_PERIOD_MS = 2;

    private final long seed;
    private final Mode mode;
    private final TraceLog trace;
    private final World world;
    private final Network network;
    private final Random random;
    private final List<Monitor> monitors = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> monitorFailure = new AtomicReference<>();
    private final List<Runnable> closers = new ArrayList<>();
    private final long wallStart = System.nanoTime();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<Artifact> artifacts = new CopyOnWriteArrayList<>();
    private Stats stats = () -> new long[] {0, 0};
    private volatile boolean closed;
    private boolean checkingAll;

    /** Peers and committed entries of whatever the test drives, for the summary line. */
    @FunctionalInterface
    public interface Stats {
        /** {@code {peers, commits}} */
        long[] peersAndCommits();
    }

    /** A file a failed test leaves next to its trace (a linearizability report, say). */
    public record Artifact(String suffix, Writer writer) {
    }

    /** Writes an artifact to the file it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(java.nio.file.Path file) throws java.io.IOException;
    }

    public LabRun(long seed, Mode mode) {
        this.seed = seed;
        this.mode = mode;
        AtomicReference<World> ref = new AtomicReference<>();
        this.trace = new TraceLog(() -> ref.get() == null ? 0 : ref.get().now());
        if (mode == Mode.SIM) {
            Simulation sim = new Simulation(seed, trace);
            sim.afterEachEvent(this::runMonitors);
            this.world = sim;
        } else {
            this.world = new RealWorld(seed, 4, trace);
        }
        ref.set(world);
        this.network = new Network(world);
        this.random = world.randomStream("tester");
        if (mode == Mode.REAL) {
            pollMonitors();
        }
        trace.event("run").put("seed", seed).put("mode", mode.lower()).emit();
    }

    public long seed() {
        return seed;
    }

    public Mode mode() {
        return mode;
    }

    public World world() {
        return world;
    }

    public Network network() {
        return network;
    }

    public TraceLog trace() {
        return trace;
    }

    /** The tester's own random stream (which servers to disconnect, how long to sleep). */
    public Random random() {
        return random;
    }

    public long now() {
        return world.now();
    }

    public double wallSeconds() {
        return (System.nanoTime() - wallStart) / 1e9;
    }

    public void addMonitor(Monitor monitor) {
        monitors.add(monitor);
    }

    public void onClose(Runnable closer) {
        closers.add(closer);
    }

    public void stats(Stats stats) {
        this.stats = stats;
    }

    /** A remark for the summary line (e.g. "linearizability unknown: timed out"), passed or failed. */
    public void note(String remark) {
        notes.add(remark);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Registers a file to write next to the trace if the test fails; {@code suffix} ends its name. */
    public void artifact(String suffix, Writer writer) {
        artifacts.add(new Artifact(suffix, writer));
    }

    public List<Artifact> artifacts() {
        return List.copyOf(artifacts);
    }

    public long[] peersAndCommits() {
        return stats.peersAndCommits();
    }

    /** Lets {@code millis} of (virtual or real) time pass while the system runs. */
    public void sleep(long millis) {
        check();
        if (world instanceof Simulation sim) {
            sim.runFor(millis);
        } else {
            Awaitility.await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 5_000))
                    .until(() -> true);
        }
        check();
    }

    /**
     * Runs until {@code condition} holds or {@code timeoutMillis} pass. In simulation the condition
     * is checked after every event, so it catches the exact moment things change.
     */
    public boolean awaitUntil(BooleanSupplier condition, long timeoutMillis) {
        check();
        boolean met;
        if (world instanceof Simulation sim) {
            met = sim.runUntil(condition, timeoutMillis);
        } else {
            try {
                Awaitility.await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofMillis(timeoutMillis))
                        .until(condition::getAsBoolean);
                met = true;
            } catch (ConditionTimeoutException e) {
                met = condition.getAsBoolean();
            }
        }
        check();
        return met;
    }

    /** Fails the test now if node code threw or a monitor saw a violation. */
    public void check() {
        world.rethrowTaskFailure();
        Throwable t = monitorFailure.get();
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (mode == Mode.SIM) {
            runAllMonitors();
        }
    }

    private void runMonitors() {
        for (Monitor m : monitors) {
            m.check(world.now());
        }
    }

    /** Runs every monitor on every node: outside the event loop, any node may have changed. */
    private void runAllMonitors() {
        checkingAll = true;
        try {
            runMonitors();
        } finally {
            checkingAll = false;
        }
    }

    /**
     * Whether {@code node}'s state may have changed since monitors last looked: in simulation, only
     * when the last event ran its code (or a tester action); in real mode, always.
     */
    public boolean mayHaveChanged(String node) {
        return checkingAll || !(world instanceof Simulation sim) || sim.mayHaveChanged(node);
    }

    private void pollMonitors() {
        world.schedule(REAL_MONITOR_PERIOD_MS, () -> {
            if (closed || monitorFailure.get() != null) {
                return;
            }
            try {
                runMonitors();
            } catch (Throwable t) {
                monitorFailure.compareAndSet(null, t);
                return;
            }
            pollMonitors();
        });
    }

    /** Schedules a tester action in world time (used by clients and partitioners). */
    public Cancellable schedule(long delayMillis, Runnable action) {
        if (world instanceof Simulation sim) {
            return sim.schedule(delayMillis, () -> {
                sim.markActivity(); // a tester action (a client's start, a crash) changes what monitors watch
                action.run();
            });
        }
        return world.schedule(delayMillis, action);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable c : closers) {
            c.run();
        }
        network.cleanup();
        world.close();
    }
}
