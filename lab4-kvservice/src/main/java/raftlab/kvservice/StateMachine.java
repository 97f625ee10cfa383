// SOLUTION FILE
package raftlab.kvservice;

/**
 * A deterministic service replicated by {@link ReplicatedStateMachine}: every replica applies the
 * same commands in the same order and so reaches the same state and gives the same answers. It must
 * not read clocks, randomness or anything else that differs between replicas.
 */
public interface StateMachine {
    /** Applies one committed command and returns its answer. */
    Object apply(Object command);
}
