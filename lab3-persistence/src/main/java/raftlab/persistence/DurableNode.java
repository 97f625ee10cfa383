package raftlab.persistence;

import raftlab.raft.PeerEnv;
import raftlab.raft.RaftFactory;
import raftlab.replication.ReplicatingNode;
// BEGIN SOLUTION
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.Storage;
import raftlab.raft.StartResult;
import raftlab.replication.Log;
import raftlab.replication.MemoryLog;
// END SOLUTION

/**
 * Lab 3: your lab 2 peer on durable storage ({@code env.storage()}). A peer that crashes and
 * restarts finds what it promised before the crash — its votes, its term, the entries it
 * acknowledged — and goes on from there, as Figure 2's "persistent state on all servers" requires.
 *
 * <p>Which state must survive, when it must be durable, how it is encoded and how a restarting peer
 * restores it are yours to decide; change your lab 1 and lab 2 classes where they need a step this
 * lab can build on.
 */
public class DurableNode extends ReplicatingNode {
    // BEGIN SOLUTION
    protected final Storage storage;
    /** The log as written through to storage; it knows how far it is durable. */
    private final DurableLog durableLog;
    private boolean flushQueued;
    // END SOLUTION

    public DurableNode(PeerEnv env) {
        // BEGIN SOLUTION
        this(env, new MemoryLog(DurableLog.restore(env.storage())));
    }

    /** A peer restarting from storage, whose log as stored is {@code restored}. */
    protected DurableNode(PeerEnv env, Log restored) {
        this(env, new DurableLog(env.storage(), restored));
    }

    private DurableNode(PeerEnv env, DurableLog log) {
        super(env, env.storage().hardState(), log);
        this.storage = env.storage();
        this.durableLog = log;
        // ELSE STUB
        // super(env);
        // END SOLUTION
    }

    /** How the tester makes a lab 3 peer. */
    public static RaftFactory factory() {
        // BEGIN SOLUTION
        return env -> new DurableNode(env).started();
        // ELSE STUB
        // return DurableNode::new;
        // END SOLUTION
    }

    // BEGIN SOLUTION
    /** Term and vote are durable before anything that relies on them is sent or answered. */
    @Override
    protected void setHardState(long term, int vote) {
        super.setHardState(term, vote);
        storage.saveHardState(new HardState(term, vote));
        sync();
    }

    /** A follower's log changes are durable before the reply acknowledges them. */
    @Override
    protected AppendEntriesReply acceptEntries(AppendEntriesArgs args) {
        AppendEntriesReply reply = super.acceptEntries(args);
        if (durableLog.unsynced()) {
            sync();
        }
        return reply;
    }

    /**
     * The leader sends its new entry to the followers at once and writes its own copy meanwhile
     * (Raft thesis §10.2.1): commands that arrive before the write is forced share one sync. It counts
     * its own copy towards a majority only once that copy is durable ({@link #ownMatch}).
     */
    @Override
    public synchronized StartResult start(Object command) {
        StartResult result = super.start(command);
        if (result.leader() && !flushQueued) {
            flushQueued = true;
            runtime.execute(this::flush);
        }
        return result;
    }

    /**
     * Forces the leader's log outside the node's lock: a force takes about a millisecond on a real
     * disk, and holding the lock through it would stop every command and reply meanwhile, so each
     * force would cover only the one or two commands that came before it. Released, the commands
     * that arrive during a force gather for the next one.
     */
    private void flush() {
        DurableLog.Mark mark;
        synchronized (this) {
            flushQueued = false;
            mark = alive() && durableLog.unsynced() ? durableLog.mark() : null;
        }
        if (mark != null) {
            storage.sync();
        }
        synchronized (this) {
            if (mark != null) {
                durableLog.syncedUpTo(mark);
            }
            if (isLeader()) {
                advanceCommit();
            }
        }
    }

    @Override
    protected long ownMatch() {
        return durableLog.durableThrough(); // what the leader's own copy may count for (§10.2.1)
    }

    protected final void sync() {
        storage.sync();
        durableLog.synced();
    }
    // END SOLUTION
}
