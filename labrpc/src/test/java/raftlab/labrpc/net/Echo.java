package raftlab.labrpc.net;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A small service for the network's own tests. */
public interface Echo {
    record Args(String text, int n, List<Integer> list) {
        public Args(String text, int n) {
            this(text, n, List.of());
        }
    }

    record Reply(String text, int n, List<Integer> list) {
    }

    CompletableFuture<Reply> echo(Args args);

    /** Replies with a string of {@code args.n()} characters. */
    CompletableFuture<Reply> sized(Args args);

    /** Never answers. */
    CompletableFuture<Reply> hang(Args args);

    /** Answers whenever the test completes {@link EchoServer#pending}. */
    CompletableFuture<Reply> later(Args args);
}
