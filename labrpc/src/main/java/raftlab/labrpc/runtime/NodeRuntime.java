package raftlab.labrpc.runtime;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Runtime} of one node incarnation, on top of either world. It remembers its pending
 * timers so that {@link #halt()} silences the node at once: nothing scheduled by a crashed
 * incarnation ever runs.
 */
public final class NodeRuntime implements Runtime {
    private static final boolean VERBOSE = Boolean.getBoolean("raftlab.verbose");

    private final World world;
    private final String name;
    private final Random random;
    private final Map<Long, Cancellable> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextTaskId = new AtomicLong();
    private volatile boolean alive = true;

    /** Told each time this node runs a task (the simulation checks its monitors only after node code ran). */
    private final Runnable activity;

    NodeRuntime(World world, String name, int incarnation) {
        this(world, name, incarnation, () -> { });
    }

    NodeRuntime(World world, String name, int incarnation, Runnable activity) {
        this.world = world;
        this.activity = activity;
        this.name = name;
        this.random = new Random(World.deriveSeed(world.seed(), "node/" + name + "/" + incarnation));
    }

    @Override
    public long now() {
        return world.now();
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis + " ms on " + name);
        }
        if (!alive) {
            return Cancellable.NONE;
        }
        long id = nextTaskId.incrementAndGet();
        // Registered before it is scheduled: in real mode the task may run at once on another thread.
        Handle handle = new Handle();
        pending.put(id, handle);
        handle.scheduled = world.schedule(delayMillis, () -> {
            if (pending.remove(id) != null && alive) {
                activity.run();
                task.run();
            }
        });
        return () -> {
            Cancellable h = pending.remove(id);
            if (h != null) {
                h.cancel();
            }
        };
    }

    /** A pending task; removing it from {@code pending} is what really stops it. */
    private static final class Handle implements Cancellable {
        volatile Cancellable scheduled;

        @Override
        public void cancel() {
            Cancellable s = scheduled;
            if (s != null) {
                s.cancel();
            }
        }
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean alive() {
        return alive;
    }

    @Override
    public void log(String topic, String message) {
        world.trace().event("log").put("node", name).put("topic", topic).put("msg", message).emit();
        if (VERBOSE) {
            System.out.printf("%8d %-6s %-3s %s%n", world.now(), topic, name, message);
        }
    }

    /** Timers and tasks scheduled and not yet run: 0 on a live node means nothing will ever wake it again. */
    public int pendingTasks() {
        return pending.size();
    }

    /** Crashes this incarnation: pending timers are cancelled and nothing it schedules runs. */
    public void halt() {
        alive = false;
        pending.values().forEach(Cancellable::cancel);
        pending.clear();
    }

    public World world() {
        return world;
    }
}
