package raftlab.labrpc.runtime;

/** A scheduled task that may still be stopped. */
@FunctionalInterface
public interface Cancellable {
    /** Stops the task if it has not run yet; harmless if it already ran or was cancelled. */
    void cancel();

    Cancellable NONE = () -> { };
}
