package raftlab.election;

import java.util.function.LongConsumer;
import raftlab.labrpc.runtime.Cancellable;
import raftlab.labrpc.runtime.Runtime;

/**
 * The randomized election timeout. Every {@link #reset} starts a new epoch; a firing from an older
 * epoch is stale and ignored ({@link #isCurrent}), which matters in real mode where a timer can fire
 * while another thread is resetting it.
 */
final class ElectionTimer {
    /** Election timeouts are drawn from [MIN, MAX): well above the 100 ms heartbeat interval. */
    static final long MIN_MS = 300;
    static final long MAX_MS = 600;

    private final Runtime runtime;
    private final LongConsumer onTimeout;
    private Cancellable pending = Cancellable.NONE;
    private long epoch;

    ElectionTimer(Runtime runtime, LongConsumer onTimeout) {
        this.runtime = runtime;
        this.onTimeout = onTimeout;
    }

    void reset() {
        pending.cancel();
        long mine = ++epoch;
        pending = runtime.schedule(randomTimeout(), () -> onTimeout.accept(mine));
    }

    void stop() {
        pending.cancel();
        epoch++;
    }

    boolean isCurrent(long firedEpoch) {
        return firedEpoch == epoch;
    }

    private long randomTimeout() {
        // BEGIN SOLUTION
        return MIN_MS + runtime.random().nextInt((int) (MAX_MS - MIN_MS));
        // ELSE STUB
        // return MIN_MS; // TODO lab 1: randomize, or peers time out together and split every vote
        // END SOLUTION
    }
}
