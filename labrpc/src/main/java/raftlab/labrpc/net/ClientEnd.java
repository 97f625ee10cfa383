package raftlab.labrpc.net;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import raftlab.labrpc.runtime.Runtime;

/**
 * One directional connection from a node to a server. Calls are asynchronous: the future completes
 * with a copy of the reply, or exceptionally with {@link RpcException} when no reply came back.
 * Callbacks attached to it run as separate tasks on the calling node's runtime (never inline in the
 * code that attached them), so a crashed caller hears nothing.
 */
public final class ClientEnd {
    private final RpcTransport transport;
    private final String name;
    private final Runtime owner;
    private final Map<Class<?>, Object> stubs = new ConcurrentHashMap<>();

    ClientEnd(RpcTransport transport, String name, Runtime owner) {
        this.transport = transport;
        this.name = name;
        this.owner = owner;
    }

    /** An end carried by another transport (the real server's HTTP); {@code name} identifies it to the transport. */
    public static ClientEnd over(RpcTransport transport, String name, Runtime owner) {
        return new ClientEnd(transport, name, owner);
    }

    public String name() {
        return name;
    }

    public Runtime owner() {
        return owner;
    }

    /** A typed stub for a service interface: each method sends the call through the network. */
    public <T> T stub(Class<T> service) {
        return service.cast(stubs.computeIfAbsent(service, this::makeStub));
    }

    private Object makeStub(Class<?> service) {
        ServiceSpec spec = ServiceSpec.of(service);
        return Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args);
            }
            ServiceSpec.MethodSpec m = spec.method(method);
            return transport.call(this, m.key(), args[0], m.argType(), m.replyType());
        });
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "toString" -> "stub(" + name + ")";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    /** Untyped call by method key ({@code Interface.method}); the stub is the usual way. */
    public <R> CompletableFuture<R> call(String method, Object args, Class<R> replyType) {
        return transport.call(this, method, args, args.getClass(), replyType);
    }

    @Override
    public String toString() {
        return "ClientEnd(" + name + " of " + owner.name() + ")";
    }
}
