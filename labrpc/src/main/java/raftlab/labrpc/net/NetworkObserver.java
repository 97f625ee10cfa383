package raftlab.labrpc.net;

/**
 * Sees every request a handler answered, with copies of its arguments and reply, whether or not the
 * reply then reaches the caller — but not the late answer of a server that was deleted (crashed)
 * while handling it. Graders use it to check wire-level rules (one vote per term, say). In real
 * mode it is called from many threads, possibly while the answering node holds its own lock.
 */
@FunctionalInterface
public interface NetworkObserver {
    void handled(String callerNode, String serverName, String method, Object args, Object reply);
}
