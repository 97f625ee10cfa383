package raftlab.tester.kv;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvEnv;
import raftlab.kv.KvFactory;
import raftlab.kv.KvResult;
import raftlab.kv.KvServer;
import raftlab.kv.KvStats;
import raftlab.kv.KvStatus;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Hold;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.raft.PeerEnv;
import raftlab.raft.RaftFactory;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.PeerHost;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.linearizability.CheckResult;
import raftlab.tester.linearizability.Checker;
import raftlab.tester.linearizability.History;
import raftlab.tester.linearizability.HtmlReport;
import raftlab.tester.linearizability.KvModel;
import raftlab.tester.linearizability.Verdict;
import raftlab.tester.monitor.SafetyViolation;

/**
 * The key/value tester (6.5840's kvraft config): N servers, each a key/value replica on its Raft peer,
 * on a lossy network whose failed sends return within 100 ms; clerks with their own runtimes and
 * ends; and a history of every clerk operation, checked for linearizability at the end.
 *
 * <p>Underneath is a {@link RaftCluster}, so every Raft monitor (election safety, log matching,
 * state machine safety on the apply stream) keeps watching while the service runs.
 */
public final class KvCluster {
    public static final String LINEARIZABILITY = "linearizability — every operation appears to take effect at one instant"
            + " between its call and its return (§8: client interaction)";
    /** How long the checker may search a history before it says "unknown". */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** How long a blocking helper waits for one clerk operation. */
    public static final long OP_TIMEOUT_MS = 30_000;

    private final LabRun run;
    private final KvFactory lab;
    private final long maxRaftState;
    private final Network net;
    private final AtomicReferenceArray<KvServer> servers;
    private final KvCapacity capacity;
    private final RaftCluster raft;
    private final KvHistory history;
    private final List<TestClerk> clerks = new ArrayList<>();

    public KvCluster(LabRun run, int n, KvFactory lab, boolean reliable, long maxRaftState) {
        this(run, n, lab, reliable, maxRaftState, KvCapacity.DEFAULT);
    }

    /** A cluster whose servers are given {@code capacity} (small numbers: to see what happens at the limits). */
    public KvCluster(LabRun run, int n, KvFactory lab, boolean reliable, long maxRaftState, KvCapacity capacity) {
        this.capacity = capacity;
        this.run = run;
        this.lab = lab;
        this.maxRaftState = maxRaftState;
        this.net = run.network();
        this.servers = new AtomicReferenceArray<>(n);
        this.history = new KvHistory(run);
        this.raft = new RaftCluster(run, n, this::host, reliable, true);
        raft.longDelays(false); // the KV tests: a send to an unreachable server fails within 100 ms
        run.artifact("-history.json", file -> History.write(file, "kv", history.operations()));
    }

    /** A server: the lab's key/value replica, whose Raft's apply stream the tester also watches. */
    private PeerHost host(PeerEnv env) {
        RaftFactory tapped = inner -> lab.raft().make(inner.withApply(msg -> {
            env.apply().accept(msg);
            inner.apply().accept(msg);
        }));
        KvServer kv = lab.server(new KvEnv(env.me(), env.peers(), env.runtime(), env.storage(), tapped, maxRaftState,
                capacity, env.options()));
        servers.set(env.me(), kv);
        List<Service<?>> services = new ArrayList<>(kv.raft().services());
        services.addAll(kv.services());
        return new PeerHost(kv.raft(), services, () -> {
            servers.compareAndSet(env.me(), kv, null);
            kv.kill();
        });
    }

    public int n() {
        return raft.n();
    }

    public LabRun run() {
        return run;
    }

    public RaftCluster raft() {
        return raft;
    }

    public KvHistory history() {
        return history;
    }

    /** Prints the test's title line. */
    public void begin(String description) {
        raft.begin(description);
    }

    // ---- clerks ----

    /** A clerk that can reach every server. */
    public TestClerk makeClerk() {
        return makeClerk(all());
    }

    /** A clerk with ends to every server, of which only those to {@code reachable} work. */
    public synchronized TestClerk makeClerk(Collection<Integer> reachable) {
        int id = clerks.size();
        NodeRuntime rt = run.world().newNodeRuntime("C" + id, 1);
        List<Integer> order = new ArrayList<>(all());
        Collections.shuffle(order, run.random()); // each clerk meets the servers in its own order
        List<ClientEnd> ends = new ArrayList<>();
        List<String> names = new ArrayList<>(Collections.nCopies(n(), (String) null));
        for (int j : order) {
            String name = "C" + id + "->S" + j + "-" + Long.toHexString(run.random().nextLong());
            ends.add(net.makeEnd(name, rt));
            net.connect(name, "S" + j);
            names.set(j, name);
        }
        TestClerk ck = new TestClerk(run, id, lab.clerk(ends, rt), history, names);
        clerks.add(ck);
        connectClerk(ck, reachable);
        return ck;
    }

    /** Lets {@code ck} reach exactly the servers in {@code reachable}. */
    public synchronized void connectClerk(TestClerk ck, Collection<Integer> reachable) {
        for (int j = 0; j < n(); j++) {
            net.enable(ck.ends.get(j), reachable.contains(j));
        }
        run.trace().event("clerk-links").put("clerk", "C" + ck.id()).put("reaches", reachable.toString()).emit();
    }

    /**
     * Parks every reply server {@code server} sends to {@code ck} until released: to the clerk it is
     * a reply lost without notice, after the server has done the work.
     */
    /**
     * Parks the next {@code count} requests from clerk {@code ck} to server {@code server}, to be
     * delivered on {@link Hold#release()}: old copies that arrive after the clerk moved on.
     */
    public Hold holdRequests(TestClerk ck, int server, int count) {
        run.trace().event("hold-requests").put("clerk", "C" + ck.id()).put("server", "S" + server).put("count", count).emit();
        return net.holdRequests("C" + ck.id(), "S" + server, "", count);
    }

    public Hold holdReplies(TestClerk ck, int server) {
        run.trace().event("hold-replies").put("clerk", "C" + ck.id()).put("server", "S" + server).emit();
        return net.holdReplies("C" + ck.id(), "S" + server, "");
    }

    public List<Integer> all() {
        return IntStream.range(0, n()).boxed().toList();
    }

    // ---- servers ----

    /** Splits servers into two sides (clerks keep whatever ends they have). */
    public void partition(Collection<Integer> sideA) {
        raft.partition(sideA);
    }

    public void connectAll() {
        raft.connectAll();
    }

    /** Crashes server i: it keeps only what its storage made durable. */
    public void shutdownServer(int i) {
        raft.crash(i);
    }

    /** Restarts server i from what its storage kept. */
    public void startServer(int i) {
        raft.start(i);
    }

    public void shutdownAll() {
        for (int i = 0; i < n(); i++) {
            shutdownServer(i);
        }
    }

    public void startAll() {
        for (int i = 0; i < n(); i++) {
            startServer(i);
            raft.connect(i);
        }
    }

    /** The server that believes it leads in the highest term, or -1. */
    public int leader() {
        return raft.currentLeader();
    }

    /**
     * 6.5840's {@code make_partition}: the current leader (or server 0) and others into a minority
     * of n/2 servers; the majority gets the rest. Returns {majority, minority}.
     */
    public List<List<Integer>> leaderInMinority() {
        int l = Math.max(leader(), 0);
        List<Integer> minority = new ArrayList<>(List.of(l));
        List<Integer> majority = new ArrayList<>();
        for (int i = 0; i < n(); i++) {
            if (i == l) {
                continue;
            }
            if (minority.size() < n() / 2) {
                minority.add(i);
            } else {
                majority.add(i);
            }
        }
        return List.of(majority, minority);
    }

    /** Replica i's state machine figures, or null if it is down. */
    public KvStats stats(int i) {
        KvServer s = servers.get(i);
        return s == null ? null : s.stats();
    }

    /** Largest durable Raft state across servers (bytes). */
    public long logSize() {
        return raft.logSize();
    }

    // ---- blocking helpers (they let virtual time run while they wait) ----

    /** Waits for a clerk operation; fails the test if it takes longer than {@link #OP_TIMEOUT_MS}. */
    public <T> T await(CompletableFuture<T> op, String what) {
        return await(op, OP_TIMEOUT_MS, what);
    }

    public <T> T await(CompletableFuture<T> op, long timeoutMs, String what) {
        if (!run.awaitUntil(op::isDone, timeoutMs)) {
            throw new AssertionError(what + " did not complete within " + timeoutMs + " ms\n" + raft.describe());
        }
        return op.join();
    }

    /** Gets {@code key} through {@code ck}; "" if absent (6.5840's convention). */
    public String get(TestClerk ck, String key) {
        KvResult r = await(ck.get(key), "get('" + key + "') by C" + ck.id());
        if (r.status() != KvStatus.OK && r.status() != KvStatus.NO_KEY) {
            throw new AssertionError("get('" + key + "') by C" + ck.id() + " answered " + r.status());
        }
        return r.status() == KvStatus.OK ? r.value() : "";
    }

    public void put(TestClerk ck, String key, String value) {
        expectOk(await(ck.put(key, value), "put('" + key + "') by C" + ck.id()), "put('" + key + "')");
    }

    public void append(TestClerk ck, String key, String value) {
        expectOk(await(ck.append(key, value), "append('" + key + "') by C" + ck.id()), "append('" + key + "')");
    }

    /** Fails unless {@code get(key)} through {@code ck} returns {@code expected}. */
    public void check(TestClerk ck, String key, String expected) {
        String v = get(ck, key);
        if (!v.equals(expected)) {
            throw new AssertionError("get('" + key + "') by C" + ck.id() + ": expected '" + abbreviate(expected)
                    + "', got '" + abbreviate(v) + "'");
        }
    }

    private static void expectOk(KvResult r, String what) {
        if (r.status() != KvStatus.OK) {
            throw new AssertionError(what + " answered " + r.status() + ", expected OK");
        }
    }

    public static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 60) + "…(" + s.length() + " chars)…" + s.substring(s.length() - 40);
    }

    // ---- the linearizability check ----

    /**
     * Checks the whole history so far. Not linearizable fails the test as a safety violation and
     * leaves an HTML report (and the history as JSON) next to the trace; a search that runs out of
     * time passes, with a note on the summary line.
     */
    public void checkLinearizable() {
        KvModel model = new KvModel();
        var ops = history.operations();
        CheckResult r = Checker.check(model, ops, CHECK_TIMEOUT);
        // No search time here: the trace holds only what the seed decides, so that its digest reproduces.
        run.trace().event("linearizability").put("operations", ops.size()).put("verdict", r.verdict().text()).emit();
        if (r.verdict() == Verdict.UNKNOWN) {
            run.note("linearizability unknown: " + ops.size() + " operations, search timed out after "
                    + CHECK_TIMEOUT.toSeconds() + " s");
            return;
        }
        if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
            run.artifact("-linearizability.html", file -> HtmlReport.write(file, model, r));
            var illegal = r.firstIllegal();
            throw new SafetyViolation(LINEARIZABILITY,
                    ops.size() + " operations are not linearizable; " + illegal.describeBreak(model),
                    List.of("a read answered by a leader without going through the log (or a read barrier)",
                            "a write applied twice after a clerk retried it (no or broken duplicate detection)",
                            "a server answering for an index where another leader's command was applied (a different"
                                    + " one, or an equal one: two reads of the same key are equal requests)",
                            "a replica applying commands out of order or skipping some"));
        }
    }
}
