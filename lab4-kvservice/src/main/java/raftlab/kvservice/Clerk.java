package raftlab.kvservice;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvClerk;
import raftlab.kv.KvResult;
import raftlab.kv.RangeResult;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
// BEGIN SOLUTION
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import raftlab.kv.BatchResult;
import raftlab.kv.KvStatus;
import raftlab.kv.KvWrite;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.runtime.Cancellable;
// END SOLUTION

/**
 * Lab 4: the client library, one per client. It runs one operation at a time, in call order, and
 * finishes each one however servers fail: it must find the leader, survive lost requests, lost
 * replies and leaders that never answer, and never let a retried write apply twice.
 *
 * <p>Which server it asks, when it gives up on one, how it pauses, and how the servers recognise
 * a retry are yours to design. Lab 4's optional part adds {@link KvClerk#batch}: override it here.
 */
public final class Clerk implements KvClerk {
    // BEGIN SOLUTION
    /** How long one attempt waits for an answer before trying the next server. */
    static final long ATTEMPT_TIMEOUT_MS = 1000;
    /** The pause after every server failed once, so a leaderless cluster is not flooded. */
    static final long ROUND_PAUSE_MS = 100;
    private static final KvRequest OPEN_SESSION = new KvRequest(0, 0, Op.OPEN_SESSION, null, null, 0, null, 0);

    private final List<KvService> servers;
    private final Runtime runtime;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean busy;

    /** This clerk's session id, given by the service (0: none yet); guarded by this clerk's lock. */
    private long session;
    private long seq;
    private int leader;

    public Clerk(List<ClientEnd> ends, Runtime runtime) {
        this.servers = ends.stream().map(e -> e.stub(KvService.class)).toList();
        this.runtime = runtime;
        this.leader = runtime.random().nextInt(ends.size());
    }

    @Override
    public CompletableFuture<KvResult> get(String key) {
        return key(KvRequest.read(Op.GET, key, null, 0));
    }

    @Override
    public CompletableFuture<KvResult> put(String key, String value) {
        return key(write(Op.PUT, key, value, 0));
    }

    @Override
    public CompletableFuture<KvResult> append(String key, String value) {
        return key(write(Op.APPEND, key, value, 0));
    }

    @Override
    public CompletableFuture<KvResult> delete(String key) {
        return key(write(Op.DELETE, key, null, 0));
    }

    @Override
    public CompletableFuture<KvResult> putIfVersion(String key, String value, long version) {
        return key(write(Op.CAS, key, value, version));
    }

    @Override
    public CompletableFuture<RangeResult> range(String start, String end, int limit) {
        return run(KvRequest.read(Op.RANGE, start, end, limit))
                .thenApply(r -> new RangeResult(status(r, false), r.entries(), r.more()));
    }

    @Override
    public CompletableFuture<BatchResult> batch(List<KvWrite> writes) {
        return run(KvRequest.batch(writes == null ? null : new ArrayList<>(writes))) // the caller may change its list
                .thenApply(r -> new BatchResult(status(r, true), r.failed() == null ? -1 : r.failed(), r.error()));
    }

    /** A write's request; its session fields are filled when it is its turn to run. */
    private static KvRequest write(Op op, String key, String value, long version) {
        return new KvRequest(0, 0, op, key, value, version, null, 0);
    }

    private CompletableFuture<KvResult> key(KvRequest request) {
        boolean write = !request.op().isRead();
        return run(request).thenApply(r -> new KvResult(status(r, write), r.value(), r.version()));
    }

    private static KvStatus status(KvReply r, boolean write) {
        return switch (r.status()) {
            case OK -> KvStatus.OK;
            case NO_KEY -> KvStatus.NO_KEY;
            case VERSION -> KvStatus.VERSION;
            case INVALID -> KvStatus.INVALID;
            case FULL -> KvStatus.FULL;
            case SESSION_EXPIRED -> write ? KvStatus.MAYBE : KvStatus.INVALID;
            case WRONG_LEADER -> throw new IllegalStateException("a wrong-leader answer is retried, never returned");
        };
    }

    /** Queues the request behind this clerk's earlier ones; completes with the final answer. */
    private CompletableFuture<KvReply> run(KvRequest request) {
        CompletableFuture<KvReply> answer = LabFuture.on(runtime);
        String bad = KvValidation.problem(request.op().isRead() ? request : request.inSession(1, 1));
        if (bad != null) {
            answer.complete(KvReply.invalid(bad)); // refused here: nothing was sent, nothing changed
            return answer;
        }
        synchronized (this) {
            queue.add(() -> start(request, answer));
            if (busy) {
                return answer;
            }
            busy = true;
        }
        runtime.execute(this::next);
        return answer;
    }

    private void next() {
        Runnable op;
        synchronized (this) {
            op = queue.poll();
            if (op == null) {
                busy = false;
                return;
            }
        }
        op.run();
    }

    private void start(KvRequest request, CompletableFuture<KvReply> answer) {
        if (request.op().isRead()) {
            send(request, reply -> finish(reply, answer));
            return;
        }
        KvRequest r;
        synchronized (this) {
            r = session == 0 ? null : request.inSession(session, ++seq);
        }
        if (r == null) { // no session yet (or it was forgotten): open one, then send the write in it
            send(OPEN_SESSION, opened -> {
                if (opened.status() != Status.OK) {
                    finish(opened, answer);
                    return;
                }
                synchronized (this) {
                    session = opened.version();
                    seq = 0;
                }
                start(request, answer);
            });
            return;
        }
        send(r, reply -> {
            if (reply.status() == Status.SESSION_EXPIRED) {
                synchronized (this) {
                    session = 0; // this write's fate is unknown; the next one opens a new session
                }
            }
            finish(reply, answer);
        });
    }

    private void finish(KvReply reply, CompletableFuture<KvReply> answer) {
        answer.complete(reply);
        next();
    }

    /** Sends {@code r} until a server other than a wrong leader answers it, starting with the last leader. */
    private void send(KvRequest r, Consumer<KvReply> done) {
        int first;
        synchronized (this) {
            first = leader;
        }
        attempt(r, first, 0, done);
    }

    private void attempt(KvRequest r, int server, int failuresThisRound, Consumer<KvReply> done) {
        AtomicBoolean settled = new AtomicBoolean();
        Cancellable timeout = runtime.schedule(ATTEMPT_TIMEOUT_MS, () -> {
            if (settled.compareAndSet(false, true)) {
                retry(r, server, failuresThisRound, done);
            }
        });
        servers.get(server).execute(r).whenComplete((reply, error) -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            timeout.cancel();
            if (error != null || reply.status() == Status.WRONG_LEADER) {
                retry(r, server, failuresThisRound, done);
                return;
            }
            synchronized (this) {
                leader = server;
            }
            done.accept(reply);
        });
    }

    private void retry(KvRequest r, int server, int failuresThisRound, Consumer<KvReply> done) {
        int nextServer = (server + 1) % servers.size();
        if (failuresThisRound + 1 < servers.size()) {
            attempt(r, nextServer, failuresThisRound + 1, done);
        } else {
            runtime.schedule(ROUND_PAUSE_MS, () -> attempt(r, nextServer, 0, done));
        }
    }
    // ELSE STUB
    // public Clerk(List<ClientEnd> servers, Runtime runtime) {
    //     // TODO lab 4
    // }
    //
    // @Override
    // public CompletableFuture<KvResult> get(String key) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    //
    // @Override
    // public CompletableFuture<KvResult> put(String key, String value) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    //
    // @Override
    // public CompletableFuture<KvResult> append(String key, String value) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    //
    // @Override
    // public CompletableFuture<KvResult> delete(String key) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    //
    // @Override
    // public CompletableFuture<KvResult> putIfVersion(String key, String value, long version) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    //
    // @Override
    // public CompletableFuture<RangeResult> range(String start, String end, int limit) {
    //     throw new UnsupportedOperationException("TODO lab 4");
    // }
    // END SOLUTION
}
