package raftlab.labrpc.net;

import java.util.Objects;

/** One RPC service a node hosts: the Java interface and the object that handles its calls. */
public record Service<T>(Class<T> type, T handler) {
    public Service {
        Objects.requireNonNull(type);
        Objects.requireNonNull(handler);
        ServiceSpec.of(type); // fail early on a malformed interface
    }

    public static <T> Service<T> of(Class<T> type, T handler) {
        return new Service<>(type, handler);
    }
}
