package raftlab.labrpc.net;

import java.lang.reflect.Type;
import java.util.concurrent.CompletableFuture;

/**
 * What carries a {@link ClientEnd}'s calls: the lab {@link Network} (simulated faults) or, for the
 * real server, HTTP. Node code sees only the ends and their typed stubs, so it runs unchanged on both.
 */
public interface RpcTransport {
    /**
     * The most bytes a call's arguments may take encoded (as {@link Codec} writes them): the real
     * cluster's peer link refuses bigger bodies, so a node must bound every message it sends in bytes,
     * not only in entries. The lab network fails the test at a bigger one, naming the limit.
     */
    int MAX_MESSAGE_BYTES = 16 << 20;

    /** Why {@code what}, of {@code bytes} encoded, cannot be sent. */
    static String tooLarge(String what, long bytes) {
        return what + " encode to " + bytes + " bytes, over the " + MAX_MESSAGE_BYTES + "-byte limit of one message "
                + "(RpcTransport.MAX_MESSAGE_BYTES): bound each message in bytes, e.g. cut a batch of log entries "
                + "before it passes the limit (one entry of at most 1 MiB always fits)";
    }

    /**
     * Sends {@code args} as a call of {@code method} ({@code Interface.method}) from {@code end}; the
     * future completes with a decoded copy of the reply, or fails with {@link RpcException}.
     */
    <R> CompletableFuture<R> call(ClientEnd end, String method, Object args, Type argType, Type replyType);
}
