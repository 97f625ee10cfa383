// SOLUTION FILE
package raftlab.kvservice;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvEnv;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.net.Opaque;
import raftlab.labrpc.runtime.Runtime;
import raftlab.raft.ApplyMsg;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.StartResult;

/**
 * The layer between Raft and a service (6.5840's {@code rsm}): {@link #submit} puts a command in the
 * log and completes when that very command is applied at the index Raft gave it, with the state
 * machine's answer; {@link #read} answers a query that changes nothing without a log entry, at the
 * read index Raft confirms (thesis §6.4), and falls back to the log when Raft cannot give one. It fails fast with {@link LostLeadership} when the answer cannot come from here:
 * this server is not the leader, its term changed, a different command was applied at that index,
 * or the command waited longer than {@link #SUBMIT_TIMEOUT_MS} (a leader cut off in a minority never
 * learns it was deposed). The caller then tries another server.
 *
 * <p>Every replica applies every command in log order ({@link #deliver}); answers are completed after
 * the lock is released, so RPC replies never run under it.
 */
public class ReplicatedStateMachine {
    /** How often waiting submissions check that this server still leads in the term they started in. */
    static final long LEADERSHIP_CHECK_MS = 100;
    /** The longest a submission waits here before the client is told to try elsewhere. */
    static final long SUBMIT_TIMEOUT_MS = 2000;

    static {
        Codec.register(Submission.class);
    }

    private final KvEnv env;
    private final Runtime runtime;
    private final StateMachine machine;
    private final String incarnation;
    /** Submissions waiting for their index to be applied, by index. */
    protected final TreeMap<Long, Waiting> waiting = new TreeMap<>();
    /** Reads waiting for Raft's read index, or for that index to be applied here. */
    private final List<Read> reads = new ArrayList<>();
    /** Made by {@link #start}, before anything is submitted or applied. */
    private volatile Raft raft;
    private long submitted;
    /** The index of the last log entry the state machine holds. */
    protected long lastApplied;
    private boolean killed;

    /** A submission waiting for its index to be applied. */
    protected record Waiting(String id, long term, long deadline, CompletableFuture<Object> answer) {
        /** Fails this submission; run it once the lock is released. */
        public Runnable fail(String why) {
            return () -> answer.completeExceptionally(new LostLeadership(why));
        }
    }

    /** A read without a log entry: its read index is 0 until Raft gives it. */
    private static final class Read {
        final Object query;
        final long term;
        final long deadline;
        final CompletableFuture<Object> answer;
        long index;

        Read(Object query, long term, long deadline, CompletableFuture<Object> answer) {
            this.query = query;
            this.term = term;
            this.deadline = deadline;
            this.answer = answer;
        }

        Runnable fail(String why) {
            return () -> answer.completeExceptionally(new LostLeadership(why));
        }
    }

    public ReplicatedStateMachine(KvEnv env, StateMachine machine) {
        this.env = env;
        this.runtime = env.runtime();
        this.machine = machine;
        this.incarnation = env.runtime().name() + "-" + Long.toHexString(env.runtime().random().nextLong());
    }

    /**
     * Makes this replica's Raft peer and starts watching leadership. Call it once, after construction:
     * Raft applies from its own tasks, which must never find a half-built state machine (or subclass).
     */
    public synchronized ReplicatedStateMachine start() {
        if (raft != null) {
            throw new IllegalStateException("already started");
        }
        raft = env.raft().make(env.peerEnv(this::onApply));
        runtime.schedule(LEADERSHIP_CHECK_MS, this::checkLeadership);
        return this;
    }

    public Raft raft() {
        return raft;
    }

    /** The index of the last log entry applied to the state machine here. */
    public synchronized long lastApplied() {
        return lastApplied;
    }

    /** Puts {@code command} in the log; completes with its answer, or fails with {@link LostLeadership}. */
    public CompletableFuture<Object> submit(Object command) {
        CompletableFuture<Object> answer = LabFuture.on(runtime);
        synchronized (this) {
            if (killed) {
                answer.completeExceptionally(new LostLeadership("server is shutting down"));
                return answer;
            }
            String id = incarnation + "/" + (++submitted);
            StartResult r = raft.start(new Submission(id, Opaque.of(command)));
            if (!r.leader()) {
                answer.completeExceptionally(new LostLeadership("not the leader"));
                return answer;
            }
            waiting.put(r.index(), new Waiting(id, r.term(), runtime.now() + SUBMIT_TIMEOUT_MS, answer));
        }
        return answer;
    }

    /**
     * Answers {@code query}, which must change nothing (a get, a range), linearizably: from this
     * replica's state once it has applied through the read index its Raft confirms, with no log
     * entry. When Raft gives no read index (not the leader, no entry of its term committed yet, no
     * ReadIndex at all), the query goes through the log like a command, which fails fast where it
     * must. Fails with {@link LostLeadership} like {@link #submit}.
     */
    public CompletableFuture<Object> read(Object query) {
        CompletableFuture<Object> answer = LabFuture.on(runtime);
        Read read;
        synchronized (this) {
            if (killed) {
                answer.completeExceptionally(new LostLeadership("server is shutting down"));
                return answer;
            }
            read = new Read(query, raft.state().term(), runtime.now() + SUBMIT_TIMEOUT_MS, answer);
            reads.add(read);
        }
        raft.readIndex().whenComplete((index, refused) -> readIndexed(read, index, refused));
        return answer;
    }

    private void readIndexed(Read read, Long index, Throwable refused) {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            if (!reads.contains(read)) {
                return; // timed out or failed meanwhile
            }
            if (refused != null) {
                reads.remove(read);
                submit(read.query).whenComplete((result, lost) -> settle(read.answer, result, lost));
                return;
            }
            read.index = index;
            answerReads(answers);
        }
        answers.forEach(Runnable::run);
    }

    private static void settle(CompletableFuture<Object> answer, Object result, Throwable lost) {
        if (lost == null) {
            answer.complete(result);
        } else {
            answer.completeExceptionally(lost);
        }
    }

    /** With the lock held: answers the reads whose read index is applied here, from the state as it stands. */
    private void answerReads(List<Runnable> answers) {
        for (Iterator<Read> it = reads.iterator(); it.hasNext(); ) {
            Read r = it.next();
            if (r.index > 0 && r.index <= lastApplied) {
                it.remove();
                Object result = machine.apply(r.query);
                answers.add(() -> r.answer.complete(result));
            }
        }
    }

    /** Raft's apply stream: every committed command, in order, once. */
    private void onApply(ApplyMsg msg) {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            if (killed) {
                return;
            }
            deliver(msg, answers);
            if (!reads.isEmpty()) {
                answerReads(answers);
            }
        }
        answers.forEach(Runnable::run);
    }

    /**
     * Applies one message of the apply stream, with the lock held; the answers it settles go to
     * {@code answers}, to be completed once the lock is released.
     */
    protected void deliver(ApplyMsg msg, List<Runnable> answers) {
        if (!(msg instanceof ApplyMsg.Command c)) {
            throw new IllegalStateException("Raft delivered " + msg + ", but this service takes no snapshots");
        }
        if (c.index() <= lastApplied) {
            return; // a service never applies an index twice, whatever its Raft does
        }
        lastApplied = c.index();
        if (!(c.command() instanceof Submission s)) { // Raft's own entry (a configuration, lab 5's membership changes)
            Waiting w = waiting.remove(c.index());
            if (w != null) {
                answers.add(w.fail("a configuration was committed at index " + c.index()));
            }
            return;
        }
        Object result = machine.apply(s.command().value());
        Waiting w = waiting.remove(c.index());
        if (w != null) {
            answers.add(w.id().equals(s.id())
                    ? () -> w.answer().complete(result)
                    : w.fail("another command was committed at index " + c.index()));
        }
    }

    /** Fails submissions that can no longer be answered here, and keeps checking. */
    private void checkLeadership() {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            if (killed) {
                return;
            }
            PeerState state = raft.state();
            long now = runtime.now();
            for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                String why = !state.leader() || state.term() != w.term()
                        ? "leadership lost (term " + w.term() + " → " + state.term() + ")"
                        : now >= w.deadline() ? "not committed within " + SUBMIT_TIMEOUT_MS + " ms" : null;
                if (why != null) {
                    it.remove();
                    answers.add(w.fail(why));
                }
            }
            for (Iterator<Read> it = reads.iterator(); it.hasNext(); ) {
                Read r = it.next();
                String why = !state.leader() || state.term() != r.term
                        ? "leadership lost (term " + r.term + " → " + state.term() + ")"
                        : now >= r.deadline ? "no read index within " + SUBMIT_TIMEOUT_MS + " ms" : null;
                if (why != null) {
                    it.remove();
                    answers.add(r.fail(why));
                }
            }
        }
        answers.forEach(Runnable::run);
        runtime.schedule(LEADERSHIP_CHECK_MS, this::checkLeadership);
    }

    /** Stops Raft and fails every waiting submission. */
    public void kill() {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            killed = true;
            waiting.values().forEach(w -> answers.add(w.fail("server killed")));
            waiting.clear();
            reads.forEach(r -> answers.add(r.fail("server killed")));
            reads.clear();
        }
        raft.kill();
        answers.forEach(Runnable::run);
    }
}
