package raftlab.kvservice;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvEnv;
import raftlab.kv.KvServer;
import raftlab.kv.KvStats;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.Service;
import raftlab.raft.Raft;

/**
 * Lab 4: one replica of the key/value service. It refuses malformed requests at the door and must
 * answer every other one, reads included, only with what a majority agreed on: a request is answered
 * once the log holds it and it has been applied here.
 *
 * <p>Behind this class, the design is yours: how a request waits for its log entry, how the replica
 * learns that it will never be applied, how each write is applied exactly once however often its
 * client retries it, and how the state machine is kept deterministic.
 */
public class KvNode implements KvServer, KvService {
    static {
        Codec.register(KvRequest.class); // requests travel in log entries, and a restarting replica decodes them
    }

    // BEGIN SOLUTION
    private final KvStore store;
    private final ReplicatedStateMachine rsm;
    // END SOLUTION

    /** A replica that makes its Raft peer with {@code env.raft()}, from {@code env}'s identity, peers and storage. */
    public KvNode(KvEnv env) {
        // BEGIN SOLUTION
        this(env, new KvStore(env.capacity()));
    }

    private KvNode(KvEnv env, KvStore store) {
        this(store, new ReplicatedStateMachine(env, store));
    }

    /** A replica of {@code store}, replicated by {@code rsm}, which it starts (lab 5 brings one that snapshots). */
    protected KvNode(KvStore store, ReplicatedStateMachine rsm) {
        this.store = store;
        this.rsm = rsm.start();
        // ELSE STUB
        // // TODO lab 4: this replica's Raft peer is env.raft().make(env.peerEnv(yourApplyHandler))
        // END SOLUTION
    }

    @Override
    public CompletableFuture<KvReply> execute(KvRequest request) {
        String bad = KvValidation.problem(request);
        if (bad != null) {
            return CompletableFuture.completedFuture(KvReply.invalid(bad));
        }
        // BEGIN SOLUTION
        CompletableFuture<Object> answer = request.op().isRead() ? rsm.read(request) : rsm.submit(request);
        return answer.handle((reply, lost) -> lost == null ? (KvReply) reply : KvReply.of(Status.WRONG_LEADER));
        // ELSE STUB
        // // TODO lab 4
        // return CompletableFuture.completedFuture(KvReply.of(Status.WRONG_LEADER));
        // END SOLUTION
    }

    /**
     * Answers a read from this replica's state as it stands, without the log: fast, but possibly stale
     * (a deposed leader or a lagging follower answers with old values). Only the real server's explicit
     * stale-read option calls it; the tester never does.
     */
    public KvReply readLocally(KvRequest request) {
        String bad = !request.op().isRead() ? "not a read: " + request.op() : KvValidation.problem(request);
        if (bad != null) {
            return KvReply.invalid(bad);
        }
        // BEGIN SOLUTION
        return (KvReply) store.apply(request);
        // ELSE STUB
        // throw new UnsupportedOperationException("TODO lab 4");
        // END SOLUTION
    }

    /** The index of the last log entry applied to this replica's state (the real server reports it). */
    public long appliedIndex() {
        // BEGIN SOLUTION
        return rsm.lastApplied();
        // ELSE STUB
        // throw new UnsupportedOperationException("TODO lab 4");
        // END SOLUTION
    }

    @Override
    public List<Service<?>> services() {
        return List.of(Service.of(KvService.class, this));
    }

    @Override
    public Raft raft() {
        // BEGIN SOLUTION
        return rsm.raft();
        // ELSE STUB
        // throw new UnsupportedOperationException("TODO lab 4");
        // END SOLUTION
    }

    @Override
    public void kill() {
        // BEGIN SOLUTION
        rsm.kill();
        // ELSE STUB
        // // TODO lab 4
        // END SOLUTION
    }

    @Override
    public KvStats stats() {
        // BEGIN SOLUTION
        return store.stats();
        // ELSE STUB
        // throw new UnsupportedOperationException("TODO lab 4");
        // END SOLUTION
    }
}
