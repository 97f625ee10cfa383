package raftlab.labrpc.net;

/**
 * The call got no reply: the request or the reply was lost, the target was unreachable, crashed or
 * deleted, or the network was shut down. Like a timeout in a real network, it says nothing about
 * whether the handler ran.
 */
public final class RpcException extends RuntimeException {
    public RpcException(String message) {
        super(message, null, false, false);
    }
}
