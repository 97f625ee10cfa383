package raftlab.server.api;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import raftlab.kv.KvClerk;

/**
 * Clerks for the HTTP front end. A clerk runs one operation at a time and is one session on the
 * servers, so concurrent HTTP requests each borrow an idle clerk (a new one while fewer than
 * {@code max} exist) and give it back when its operation is done — not when the HTTP request gives
 * up, since the clerk keeps retrying until a majority answers. Past {@code max}, requests wait in order.
 */
final class ClerkPool {
    private final Supplier<KvClerk> newClerk;
    private final int max;
    private final ArrayDeque<KvClerk> idle = new ArrayDeque<>();
    private final ArrayDeque<Consumer<KvClerk>> waiting = new ArrayDeque<>();
    private int created;

    ClerkPool(Supplier<KvClerk> newClerk, int max) {
        this.newClerk = newClerk;
        this.max = max;
    }

    /** Runs {@code op} on a clerk of its own; the result completes when the operation does. */
    <T> CompletableFuture<T> run(Function<KvClerk, CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        KvClerk clerk;
        synchronized (this) {
            clerk = idle.poll();
            if (clerk == null && created < max) {
                created++;
                clerk = newClerk.get();
            }
            if (clerk == null) {
                waiting.add(c -> runOn(c, op, result));
                return result;
            }
        }
        runOn(clerk, op, result);
        return result;
    }

    private <T> void runOn(KvClerk clerk, Function<KvClerk, CompletableFuture<T>> op, CompletableFuture<T> result) {
        CompletableFuture<T> done;
        try {
            done = op.apply(clerk);
        } catch (RuntimeException e) {
            release(clerk);
            result.completeExceptionally(e);
            return;
        }
        done.whenComplete((value, failure) -> {
            release(clerk);
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
    }

    private void release(KvClerk clerk) {
        Consumer<KvClerk> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                idle.push(clerk); // most recently used first: it knows the current leader
            }
        }
        if (next != null) {
            next.accept(clerk); // straight to the oldest waiting request
        }
    }

    synchronized int clerks() {
        return created;
    }
}
