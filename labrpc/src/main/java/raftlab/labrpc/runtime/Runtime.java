package raftlab.labrpc.runtime;

import java.util.Random;

/**
 * Everything time- and thread-related that lab code may use. Lab code never reads the wall clock,
 * sleeps, starts threads or makes its own randomness: it asks its runtime, so the same code runs
 * deterministically under {@link Simulation} and concurrently under {@link RealWorld}.
 *
 * <p>One instance belongs to one incarnation of one node. When the node crashes the runtime is
 * halted: its timers never fire again and tasks submitted to it are dropped, so a "zombie" instance
 * cannot act after its crash.
 */
public interface Runtime {

    /** Milliseconds since the world started (virtual in simulation, monotonic wall time in real mode). */
    long now();

    /** Runs {@code task} once, {@code delayMillis} from now, unless cancelled or the node halts first. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** Runs {@code task} soon, after tasks already submitted with no delay. */
    default void execute(Runnable task) {
        schedule(0, task);
    }

    /** This node's random source, seeded from the run's seed (never share it with another node). */
    Random random();

    /** The node's name, e.g. {@code S2}. */
    String name();

    /** False once this incarnation has been halted (crashed or killed). */
    boolean alive();

    /**
     * Records a debug line in the run's trace (and prints it when {@code -Draftlab.verbose=true}).
     * Use short topics such as {@code vote}, {@code append}, {@code timer}, {@code commit}.
     */
    void log(String topic, String message);
}
