package raftlab.labrpc.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Echo's handler; counts the calls it handled. */
public final class EchoServer implements Echo {
    final AtomicInteger handled = new AtomicInteger();
    volatile CompletableFuture<Reply> pending = new CompletableFuture<>();

    @Override
    public CompletableFuture<Reply> echo(Args args) {
        handled.incrementAndGet();
        return CompletableFuture.completedFuture(new Reply(args.text(), args.n(), args.list()));
    }

    @Override
    public CompletableFuture<Reply> sized(Args args) {
        handled.incrementAndGet();
        return CompletableFuture.completedFuture(new Reply("x".repeat(args.n()), 0, java.util.List.of()));
    }

    @Override
    public CompletableFuture<Reply> hang(Args args) {
        handled.incrementAndGet();
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Reply> later(Args args) {
        handled.incrementAndGet();
        return pending;
    }
}
