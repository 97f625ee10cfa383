package raftlab.labrpc.net;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/**
 * What carries a {@link ClientEnd}'s calls: the lab {@link Network} (simulated faults) or, for the
 * real server, HTTP. Node code sees only the ends and their typed stubs, so it runs unchanged on both.
 */
public interface RpcTransport {
    /**
     * Sends {@code args} as a call of {@code method} ({@code Interface.method}) from {@code end}; the
     * future completes with a decoded copy of the reply, or fails with {@link RpcException}.
     */
    <R> CompletableFuture<R> call(ClientEnd end, String method, Object args, Type argType, Type replyType);
}
