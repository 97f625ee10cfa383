package raftlab.tester.monitor;

/**
 * An invariant checked continuously: after every event in simulation, every few milliseconds in
 * real mode. Throws {@link SafetyViolation} the moment the invariant breaks.
 */
@FunctionalInterface
public interface Monitor {
    void check(long now);
}
