package raftlab.labrpc.net;

import java.util.function.Supplier;

/**
 * Sees every call as it enters the network, whether or not it will arrive. The arguments are
 * decoded only if asked for, so watching a few methods costs nothing on the others. Graders use it
 * to tell a silent node from one whose messages are lost. In real mode it is called from many threads.
 */
@FunctionalInterface
public interface SendObserver {
    void sent(String callerNode, String serverName, String method, boolean reachable, Supplier<Object> args);
}
