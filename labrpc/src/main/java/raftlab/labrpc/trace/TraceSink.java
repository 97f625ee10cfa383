package raftlab.labrpc.trace;

/**
 * Where a run's events go: every send, delivery, drop, timer, state change and debug line. The
 * harness records them (see {@link TraceLog}); the benchmark uses {@link #NONE}.
 */
public interface TraceSink {

    /** Starts an event of the given kind, stamped with the current world time. */
    TraceEvent event(String kind);

    /** Discards everything. */
    TraceSink NONE = kind -> TraceEvent.DISCARD;
}
