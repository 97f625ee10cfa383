package raftlab.labrpc.net;

/**
 * Sees every request a handler answered, with copies of its arguments and reply, whether or not the
 * reply then reaches the caller. Graders use it to check wire-level rules (one vote per term, say).
 * In real mode it is called from many threads.
 */
@FunctionalInterface
public interface NetworkObserver {
    void handled(String callerNode, String serverName, String method, Object args, Object reply);
}
