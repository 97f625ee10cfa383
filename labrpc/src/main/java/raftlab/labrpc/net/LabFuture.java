package raftlab.labrpc.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The future an RPC stub returns. A plain {@link CompletableFuture} silently swallows an exception
 * thrown inside a callback ({@code whenComplete}, {@code thenAccept}, ...): a student's
 * NullPointerException in a reply handler would vanish and the test would just hang. Here every
 * callback is guarded: its exception is reported to the world, which fails the test with it.
 * Async variants are refused: lab code runs on its runtime, not on the common pool.
 */
final class LabFuture<T> extends CompletableFuture<T> {
    private final Consumer<Throwable> report;

    LabFuture(Consumer<Throwable> report) {
        this.report = report;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LabFuture<>(report);
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
        return super.whenComplete((v, e) -> guard((T a, Throwable b) -> {
            action.accept(a, b);
            return null;
        }).apply(v, e));
    }

    @Override
    public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return super.handle(guard(fn::apply));
    }

    @Override
    public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        return super.thenApply(guard(fn::apply));
    }

    @Override
    public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
        return super.thenAccept(v -> guard((T a) -> {
            action.accept(a);
            return null;
        }).apply(v));
    }

    @Override
    public CompletableFuture<Void> thenRun(Runnable action) {
        return super.thenRun(() -> guard((Object a) -> {
            action.run();
            return null;
        }).apply(null));
    }

    @Override
    public <U> CompletableFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return super.thenCompose(guard(fn::apply));
    }

    @Override
    public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return super.exceptionally(guard(fn::apply));
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
