package raftlab.kv;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.labrpc.kv.KvEnv;
import raftlab.labrpc.kv.KvServer;
import raftlab.labrpc.kv.KvStats;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.raft.Raft;

/**
 * One replica of the key/value service: refuses malformed requests at the door, and puts every
 * other one — reads included — through the log, so whatever it answers is what a majority agreed on.
 */
public final class KvNode implements KvServer, KvService {
    static {
        Codec.register(KvRequest.class); // log entries carry requests; a restarting replica decodes them
    }

    private final KvStore store;
    private final ReplicatedStateMachine rsm;

    public KvNode(KvEnv env) {
        this(env, store -> Snapshotter.NONE);
    }

    /** A replica whose state machine is snapshotted by what {@code snapshots} makes for its store (lab 5). */
    public KvNode(KvEnv env, java.util.function.Function<KvStore, Snapshotter> snapshots) {
        this.store = new KvStore();
        this.rsm = new ReplicatedStateMachine(env, store, snapshots.apply(store));
    }

    @Override
    public CompletableFuture<KvReply> execute(KvRequest request) {
        String bad = KvValidation.problem(request);
        if (bad != null) {
            return CompletableFuture.completedFuture(KvReply.invalid(bad));
        }
        // BEGIN SOLUTION
        return rsm.submit(request).handle((answer, lost) -> lost == null ? (KvReply) answer : KvReply.of(Status.WRONG_LEADER));
        // ELSE STUB
        // // TODO lab 4: submit the request through the replicated state machine and answer with its
        // // result, or WRONG_LEADER if this server cannot answer it.
        // return CompletableFuture.completedFuture(KvReply.of(Status.WRONG_LEADER));
        // END SOLUTION
    }

    /**
     * Answers a read from this replica's state as it stands, without the log: fast, but possibly stale
     * (a deposed leader or a lagging follower answers with old values). Only the real server's explicit
     * stale-read option uses it; the tester never does.
     */
    public KvReply readLocally(KvRequest request) {
        String bad = request.op().isWrite() ? "not a read: " + request.op() : KvValidation.problem(request);
        return bad != null ? KvReply.invalid(bad) : (KvReply) store.apply(request);
    }

    /** The index of the last log entry applied to this replica's store. */
    public long appliedIndex() {
        return rsm.lastApplied();
    }

    @Override
    public List<Service<?>> services() {
        return List.of(Service.of(KvService.class, this));
    }

    @Override
    public Raft raft() {
        return rsm.raft();
    }

    @Override
    public void kill() {
        rsm.kill();
    }

    @Override
    public KvStats stats() {
        return store.stats();
    }
}
