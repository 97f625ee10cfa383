package raftlab.kv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.kv.KvEnv;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.LabFuture;
import raftlab.labrpc.net.Opaque;
import raftlab.labrpc.raft.ApplyMsg;
import raftlab.labrpc.raft.PeerEnv;
import raftlab.labrpc.raft.PeerState;
import raftlab.labrpc.raft.Raft;
import raftlab.labrpc.raft.StartResult;
import raftlab.labrpc.runtime.Runtime;

/**
 * The layer between Raft and a service (6.5840's {@code rsm}): {@link #submit} puts a command in the
 * log and completes when that very command is applied at the index Raft gave it, with the state
 * machine's answer. It fails fast with {@link LostLeadership} when the answer cannot come from here:
 * this server is not the leader, its term changed, a different command was applied at that index,
 * or the command waited longer than {@link #SUBMIT_TIMEOUT_MS} (a leader cut off in a minority never
 * learns it was deposed). The caller then tries another server.
 *
 * <p>Every command, on every replica, is applied by {@link #onApply} in log order; answers are
 * delivered after the lock is released, so RPC replies never run under it.
 */
public final class ReplicatedStateMachine {
    /** How often waiting submissions check that this server still leads in the term they started in. */
    static final long LEADERSHIP_CHECK_MS = 100;
    /** The longest a submission waits here before the client is told to try elsewhere. */
    static final long SUBMIT_TIMEOUT_MS = 2000;

    static {
        Codec.register(Submission.class);
    }

    private final Runtime runtime;
    private final StateMachine machine;
    private final Snapshotter snapshotter;
    private final String incarnation;
    private final Map<Long, Waiting> waiting = new HashMap<>();
    private final Raft raft;
    private long submitted;
    private long lastApplied;
    private boolean killed;

    /** A submission waiting for its index to be applied. */
    private record Waiting(String id, long term, long deadline, CompletableFuture<Object> answer) {
    }

    /** What to complete once the lock is released. */
    private record Outcome(CompletableFuture<Object> answer, Object result, String failure) {
        void deliver() {
            if (failure == null) {
                answer.complete(result);
            } else {
                answer.completeExceptionally(new LostLeadership(failure));
            }
        }
    }

    public ReplicatedStateMachine(KvEnv env, StateMachine machine) {
        this(env, machine, Snapshotter.NONE);
    }

    /** With snapshots (lab 5): {@code snapshotter} takes them after applies and restores delivered ones. */
    public ReplicatedStateMachine(KvEnv env, StateMachine machine, Snapshotter snapshotter) {
        this.runtime = env.runtime();
        this.machine = machine;
        this.snapshotter = snapshotter;
        this.incarnation = env.runtime().name() + "-" + Long.toHexString(env.runtime().random().nextLong());
        this.raft = env.raft().make(new PeerEnv(env.me(), env.peers(), env.runtime(), env.storage(), this::onApply));
        runtime.schedule(LEADERSHIP_CHECK_MS, this::checkLeadership);
    }

    public Raft raft() {
        return raft;
    }

    /** The index of the last command (or snapshot) applied to the state machine here. */
    public synchronized long lastApplied() {
        return lastApplied;
    }

    /** Puts {@code command} in the log; completes with its answer, or fails with {@link LostLeadership}. */
    public CompletableFuture<Object> submit(Object command) {
        CompletableFuture<Object> answer = LabFuture.on(runtime);
        // BEGIN SOLUTION
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
        // ELSE STUB
        // // TODO lab 4: start the command in Raft and complete `answer` once it is applied at that
        // // index — or fail it with LostLeadership if it cannot be.
        // answer.completeExceptionally(new LostLeadership("not implemented"));
        // END SOLUTION
        return answer;
    }

    /** Raft's apply stream: every committed command, in order, once; and snapshots (lab 5). */
    private void onApply(ApplyMsg msg) {
        List<Outcome> outcomes = new ArrayList<>();
        if (msg instanceof ApplyMsg.Snapshot snap) {
            restore(snap, outcomes);
        } else {
            // BEGIN SOLUTION
            synchronized (this) {
                ApplyMsg.Command c = (ApplyMsg.Command) msg;
                if (killed || c.index() <= lastApplied) {
                    return; // already applied (Raft re-delivers nothing, but a service never applies twice)
                }
                lastApplied = c.index();
                Submission s = (Submission) c.command();
                Object result = machine.apply(s.command().value());
                Waiting w = waiting.remove(c.index());
                if (w != null) {
                    outcomes.add(w.id().equals(s.id())
                            ? new Outcome(w.answer(), result, null)
                            : new Outcome(w.answer(), null, "another command was committed at index " + c.index()));
                }
                snapshotter.afterApply(c.index(), raft);
            }
            // ELSE STUB
            // // TODO lab 4: apply each committed command to the state machine, and answer the
            // // submission waiting at its index (only if it is that very command).
            // END SOLUTION
        }
        outcomes.forEach(Outcome::deliver);
    }

    /** Lab 5: the service's state becomes the snapshot's; submissions it covers can no longer be answered. */
    private void restore(ApplyMsg.Snapshot snap, List<Outcome> outcomes) {
        synchronized (this) {
            if (killed || snap.index() <= lastApplied) {
                return;
            }
            snapshotter.restore(snap.data());
            lastApplied = snap.index();
            for (Iterator<Map.Entry<Long, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Waiting> e = it.next();
                if (e.getKey() <= snap.index()) {
                    it.remove();
                    outcomes.add(new Outcome(e.getValue().answer(), null, "overtaken by a snapshot through " + snap.index()));
                }
            }
        }
    }

    /** Fails submissions that can no longer be answered here, and keeps checking. */
    private void checkLeadership() {
        List<Outcome> outcomes = new ArrayList<>();
        synchronized (this) {
            if (killed) {
                return;
            }
            // BEGIN SOLUTION
            PeerState state = raft.state();
            long now = runtime.now();
            for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                String why = !state.leader() || state.term() != w.term()
                        ? "leadership lost (term " + w.term() + " → " + state.term() + ")"
                        : now >= w.deadline() ? "not committed within " + SUBMIT_TIMEOUT_MS + " ms" : null;
                if (why != null) {
                    it.remove();
                    outcomes.add(new Outcome(w.answer(), null, why));
                }
            }
            // END SOLUTION
        }
        outcomes.forEach(Outcome::deliver);
        runtime.schedule(LEADERSHIP_CHECK_MS, this::checkLeadership);
    }

    /** Stops Raft and fails every waiting submission. */
    public void kill() {
        List<Outcome> outcomes = new ArrayList<>();
        synchronized (this) {
            killed = true;
            for (Waiting w : waiting.values()) {
                outcomes.add(new Outcome(w.answer(), null, "server killed"));
            }
            waiting.clear();
        }
        raft.kill();
        outcomes.forEach(Outcome::deliver);
    }
}
