package raftlab.labrpc.net;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import raftlab.labrpc.runtime.Runtime;

/**
 * One node's RPC endpoint. It can host several services (a KV server and its Raft, say); calls run
 * on the node's {@link Runtime}, so a crashed node handles nothing.
 */
public final class Server {
    private final Runtime runtime;
    private final Map<String, Binding> bindings = new TreeMap<>();
    private final Map<String, Object> lastReplies = new ConcurrentHashMap<>();

    private record Binding(ServiceSpec.MethodSpec spec, Object handler) {
    }

    public Server(Runtime runtime) {
        this.runtime = runtime;
    }

    public synchronized <T> Server add(Service<T> service) {
        ServiceSpec spec = ServiceSpec.of(service.type());
        for (ServiceSpec.MethodSpec m : spec.methods.values()) {
            if (bindings.putIfAbsent(m.key(), new Binding(m, service.handler())) != null) {
                throw new IllegalArgumentException("service " + spec.name + " added twice");
            }
        }
        return this;
    }

    public <T> Server add(Class<T> type, T handler) {
        return add(Service.of(type, handler));
    }

    public Runtime runtime() {
        return runtime;
    }

    synchronized ServiceSpec.MethodSpec spec(String method) {
        Binding b = bindings.get(method);
        if (b == null) {
            throw new IllegalStateException("no RPC method " + method + " on " + runtime.name()
                    + "; this server offers " + bindings.keySet());
        }
        return b.spec();
    }

    /**
     * A call that arrived encoded (the real server's HTTP): decodes the arguments, runs the handler,
     * and completes with the encoded reply. An unknown method fails with {@link IllegalArgumentException}.
     */
    public CompletableFuture<String> invokeEncoded(String method, String argsJson) {
        return invokeEncoded(method, argsJson, runtime::execute);
    }

    /**
     * As {@link #invokeEncoded(String, String)}, running the handler on the calling thread: for a
     * call a node makes to itself from one of its runtime's tasks (the real server's clerk asking its
     * own replica), which is already where the handler would run, so the hand-off to another task
     * would only cost a thread wake-up. The arguments and the reply still travel encoded, so neither
     * side can see the other's objects.
     */
    public CompletableFuture<String> invokeEncodedHere(String method, String argsJson) {
        return invokeEncoded(method, argsJson, Runnable::run);
    }

    private CompletableFuture<String> invokeEncoded(String method, String argsJson, java.util.concurrent.Executor where) {
        ServiceSpec.MethodSpec spec;
        synchronized (this) {
            Binding b = bindings.get(method);
            if (b == null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("no RPC method " + method));
            }
            spec = b.spec();
        }
        Object args;
        try {
            args = Codec.decode(argsJson, spec.argType());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("malformed arguments for " + method, e));
        }
        if (args == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no arguments for " + method));
        }
        CompletableFuture<String> reply = new CompletableFuture<>();
        Object decoded = args;
        // Handlers run on the node's runtime. One callback on the handler's future, not invoke()'s two:
        // a handler that waits (a write until it commits) returns a LabFuture, whose every callback is
        // a task of its own on the runtime, and a real node pays each as a thread hand-off.
        where.execute(() -> handle(method, decoded).whenComplete((r, e) -> {
            if (e != null) {
                reply.completeExceptionally(e);
            } else {
                noteReuse(method, r);
                reply.complete(Codec.encode(r));
            }
        }));
        return reply;
    }

    /** Runs the handler; the future completes with its reply (or the handler's exception). */
    CompletableFuture<Object> invoke(String method, Object args) {
        return handle(method, args).thenApply(reply -> {
            noteReuse(method, reply);
            return reply;
        });
    }

    /** The handler's own future, or a failed one for the handler's exception. */
    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> handle(String method, Object args) {
        Binding b;
        synchronized (this) {
            b = bindings.get(method);
        }
        try {
            Object result = b.spec().method().invoke(b.handler(), args);
            if (result == null) {
                throw new IllegalStateException(method + " on " + runtime.name()
                        + " returned null; return CompletableFuture.completedFuture(reply) instead");
            }
            return (CompletableFuture<Object>) result;
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + ": make the handler class public", e);
        }
    }

    /** labgob's "decoding into a non-default value" warning, in Java form: a reply object reused across calls. */
    private void noteReuse(String method, Object reply) {
        if (reply == null || reply.getClass().isRecord()) {
            return;
        }
        Object previous = lastReplies.put(method, reply);
        if (previous == reply) {
            Codec.warn(method + " on " + runtime.name() + " returned the same mutable reply object twice;"
                    + " build a fresh reply per call (changes after returning are lost; the caller gets a copy)");
        }
    }
}
