package raftlab.labrpc.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The future an RPC stub returns. It fixes two traps of a plain {@link CompletableFuture}:
 * <ul>
 *   <li>A callback attached after the future completed runs at once, on the attaching thread, in
 *       the middle of the caller's code (and inside its lock, which is reentrant). Here every
 *       callback ({@code whenComplete}, {@code thenAccept}, ...) runs later, as its own task on the
 *       calling node's runtime — never inline, and never after that node crashed.</li>
 *   <li>An exception thrown inside a callback is silently kept in a future nobody reads: a
 *       NullPointerException in a reply handler would vanish and the test would just hang. Here it
 *       is reported to the world, which fails the test with it.</li>
 * </ul>
 * Async variants with other executors are refused: lab code runs on its runtime.
 */
public final class LabFuture<T> extends CompletableFuture<T> {
    private final Consumer<Throwable> report;
    private final Executor runtime;

    LabFuture(Consumer<Throwable> report, Executor runtime) {
        this.report = report;
        this.runtime = runtime;
    }

    /**
     * A future for lab code to complete later (a reply that waits for a commit, say) whose callbacks
     * run as tasks on {@code runtime}; an exception in one fails the run.
     */
    public static <T> CompletableFuture<T> on(raftlab.labrpc.runtime.Runtime runtime) {
        return new LabFuture<>(t -> runtime.execute(() -> {
            if (t instanceof Error e) {
                throw e;
            }
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }), runtime::execute);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LabFuture<>(report, runtime);
    }

    @Override
    public Executor defaultExecutor() {
        return runtime;
    }

    private <A, B, R> BiFunction<A, B, R> guard(BiFunction<A, B, R> f) {
        return (a, b) -> {
            try {
                return f.apply(a, b);
            } catch (Throwable t) {
                report.accept(t);
                throw t;
            }
        };
    }

    private <A, R> Function<A, R> guard(Function<A, R> f) {
        return a -> guard((A x, Object unused) -> f.apply(x)).apply(a, null);
    }

    @Override
    public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return super.whenCompleteAsync((v, e) -> guard((T a, Throwable b) -> {
            action.accept(a, b);
            return null;
        }).apply(v, e), runtime);
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return super.handleAsync(guard(fn::apply), runtime);
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return super.thenApplyAsync(guard(fn::apply), runtime);
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return super.thenAcceptAsync(v -> guard((T a) -> {
            action.accept(a);
            return null;
        }).apply(v), runtime);
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return super.thenRunAsync(() -> guard((Object a) -> {
            action.run();
            return null;
        }).apply(null), runtime);
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return super.thenComposeAsync(guard(fn::apply), runtime);
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return super.handleAsync((v, e) -> e == null ? v : guard(fn::apply).apply(e), runtime);
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        throw noAsync();
    }

    @Override
    public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        throw noAsync();
    }

    @Override
    public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        throw noAsync();
    }

    @Override
    public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        throw noAsync();
    }

    @Override
    public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        throw noAsync();
    }

    private static UnsupportedOperationException noAsync() {
        return new UnsupportedOperationException(
                "async callbacks run outside the node's runtime; use whenComplete/thenAccept (they run on the runtime)");
    }
}
