package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Hold;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.net.Server;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.labrpc.storage.MemoryStorage;
import raftlab.raft.Membership;
import raftlab.raft.PeerEnv;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.RaftFactory;
import raftlab.raft.RaftOptions;

/**
 * The Raft tester: N peers on a labrpc network, driven only through the {@link Raft} contract. Its
 * helpers and timeouts are those of the 6.5840 tester ({@code checkOneLeader}, {@code one},
 * {@code nCommitted}, ...), so a test reads like its specification.
 *
 * <p>Its methods are safe to call from the test thread and from tester tasks (churn clients) at once.
 * Lock order: cluster, then monitor, then peer. Monitors read peers without the cluster's lock
 * (real mode runs them on another thread), so they can never wait for the test thread.
 *
 * <p>Servers are named {@code S0..S(n-1)}. A partition is made by enabling and disabling the ends
 * between servers; a crash deletes the server from the network, halts its runtime and keeps only
 * what its storage made durable.
 */
public final class RaftCluster implements Peers {
    /** The generous election timeout the 6.5840 tests assume (ms). */
    public static final long ELECTION_TIMEOUT_MS = 1000;

    private final LabRun run;
    private final Network net;
    private final PeerHost.Maker maker;
    private final int n;
    /** Read by monitors on other threads without the cluster's lock (they must never need it). */
    private final AtomicReferenceArray<Raft> peers;
    private final PeerHost[] hosts;
    private final NodeRuntime[] runtimes;
    private final MemoryStorage[] storage;
    private final int[] incarnation;
    private final Links links;
    private final Applied applied;
    private final ClusterMonitors monitors;
    private final Agreement agreement;
    private final LivenessDiagnosis diagnosis;
    private final Leaders leaders;

    private final boolean lossyDisk;
    private final TesterEnds testerEnds;
    /** The tester snapshots every this many applied entries (lab 5's Raft tests); 0: never. */
    private final int snapshotInterval;
    /** The extensions to Figure 2 every peer is asked to use. */
    private final RaftOptions options;
    /** Peers {@code 0 .. voters-1} start as the cluster; the rest start outside it, to join later. */
    private final int voters;

    public RaftCluster(LabRun run, int n, RaftFactory factory, boolean reliable) {
        this(run, n, factory, reliable, false);
    }

    /**
     * @param lossyDisk if true, every peer's storage loses unsynced writes in a crash (lab 3 on), so a
     *                  peer that replies before it persists is caught
     */
    public RaftCluster(LabRun run, int n, RaftFactory factory, boolean reliable, boolean lossyDisk) {
        this(run, n, PeerHost.Maker.of(factory), reliable, lossyDisk, 0, RaftOptions.FIGURE_2);
    }

    /** A cluster whose peers are asked to use {@code options} (lab 1's optional part). */
    public RaftCluster(LabRun run, int n, RaftFactory factory, boolean reliable, RaftOptions options) {
        this(run, n, PeerHost.Maker.of(factory), reliable, false, 0, options);
    }

    /**
     * Lab 5's Raft tests: the tester is the service and snapshots every {@code snapshotInterval}
     * applied entries (6.5840's applierSnap: at indexes 9, 19, 29, ... for 10), from its apply handler.
     */
    public static RaftCluster snapshotting(LabRun run, int n, RaftFactory factory, boolean reliable, int snapshotInterval) {
        return new RaftCluster(run, n, PeerHost.Maker.of(factory), reliable, true, snapshotInterval, RaftOptions.FIGURE_2);
    }

    /**
     * Lab 5's membership tests: {@code n} peers, of which {@code 0 .. voters-1} start as the cluster
     * (each a voter) and the others start knowing no configuration ({@code Membership.NONE}), to be
     * added later. The disk is lossy, the tester snapshots every {@code snapshotInterval} applied
     * entries (0: never), and the peers are asked for pre-vote and check-quorum, which keep a removed
     * peer from deposing the leader (thesis §4.2.3).
     */
    public static RaftCluster withSpares(LabRun run, int n, int voters, RaftFactory factory, boolean reliable,
            int snapshotInterval) {
        return new RaftCluster(run, n, voters, PeerHost.Maker.of(factory), reliable, true, snapshotInterval,
                RaftOptions.STABLE_LEADER);
    }

    /** A cluster whose servers run whatever {@code maker} builds around their Raft peer (lab 4 on). */
    public RaftCluster(LabRun run, int n, PeerHost.Maker maker, boolean reliable, boolean lossyDisk) {
        this(run, n, maker, reliable, lossyDisk, 0, RaftOptions.FIGURE_2);
    }

    private RaftCluster(LabRun run, int n, PeerHost.Maker maker, boolean reliable, boolean lossyDisk, int snapshotInterval,
            RaftOptions options) {
        this(run, n, n, maker, reliable, lossyDisk, snapshotInterval, options);
    }

    private RaftCluster(LabRun run, int n, int voters, PeerHost.Maker maker, boolean reliable, boolean lossyDisk,
            int snapshotInterval, RaftOptions options) {
        this.run = run;
        this.voters = voters;
        this.options = options;
        this.snapshotInterval = snapshotInterval;
        this.lossyDisk = lossyDisk;
        this.net = run.network();
        this.maker = maker;
        this.hosts = new PeerHost[n];
        this.n = n;
        this.peers = new AtomicReferenceArray<>(n);
        this.runtimes = new NodeRuntime[n];
        this.storage = new MemoryStorage[n];
        this.incarnation = new int[n];
        this.links = new Links(net, n, run.trace());
        this.testerEnds = new TesterEnds(run, net, n);
        this.applied = new Applied(n);
        this.agreement = new Agreement(this, run, applied);
        this.leaders = new Leaders(this, run);
        if (snapshotInterval > 0) {
            applied.snapshotContents(TesterSnapshots::decode);
        }
        net.reliable(reliable);
        net.longDelays(true); // Raft tests: calls to unreachable peers stall for up to 7 s
        this.monitors = new ClusterMonitors(run, net, n, this::stateOrNull, this::inspectOrNull, applied, lossyDisk);
        this.diagnosis = new LivenessDiagnosis(net, n, run::now, this::inspectOrNull, i -> runtimes[i]);
        run.stats(() -> new long[] {n, applied.maxIndex()});
        run.onClose(this::killAll);
        for (int i = 0; i < n; i++) {
            storage[i] = new MemoryStorage(lossyDisk);
            start(i);
        }
        for (int i = 0; i < n; i++) {
            connect(i);
        }
    }

    @Override
    public int n() {
        return n;
    }

    public LabRun run() {
        return run;
    }

    /** Prints the test's title line. */
    public void begin(String description) {
        System.out.println(description + (net.isReliable() ? "" : " (unreliable network)") + " ...");
    }

    // ---- lifecycle ----

    /** Starts peer i (crashing it first if it is up), with fresh ends and the storage its crash left. */
    public synchronized void start(int i) {
        crash(i);
        monitors.restarting(i); // while it is down, so no monitor sees the new peer first
        incarnation[i]++;
        run.trace().event("start").put("node", "S" + i).put("incarnation", incarnation[i]).emit(); // before the peer can log
        NodeRuntime rt = run.world().newNodeRuntime("S" + i, incarnation[i]);
        List<ClientEnd> ends = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            // Fresh, unguessable names: a crashed incarnation's ends can never reach anyone again.
            String name = "S" + i + "->S" + j + "#" + incarnation[i] + "-" + Long.toHexString(run.random().nextLong());
            ClientEnd end = net.makeEnd(name, rt);
            net.connect(name, "S" + j);
            links.attach(i, j, name);
            ends.add(end);
        }
        applied.reset(i, storage[i].snapshot() == null ? 0 : storage[i].snapshot().index());
        java.util.concurrent.atomic.AtomicReference<Raft> self = new java.util.concurrent.atomic.AtomicReference<>();
        PeerHost host = maker.make(new PeerEnv(i, ends, rt, new TracedStorage(storage[i], run.trace(), "S" + i),
                new TesterService(i, applied, snapshotInterval, self::get, run.trace()), options,
                i < voters ? Membership.allOf(voters) : Membership.NONE));
        self.set(host.raft());
        Server server = new Server(rt);
        for (Service<?> s : host.services()) {
            server.add(s);
        }
        runtimes[i] = rt;
        hosts[i] = host;
        peers.set(i, host.raft());
        net.addServer("S" + i, server);
    }

    /** Crashes peer i: it vanishes from the network and keeps only what it made durable. */
    public synchronized void crash(int i) {
        disconnect(i);
        net.deleteServer("S" + i);
        storage[i] = storage[i].afterCrash(); // the zombie keeps writing into the old copy, harmlessly
        Raft old = peers.getAndSet(i, null);
        if (old != null) {
            hosts[i].kill().run();
            hosts[i] = null;
            runtimes[i].halt();
            runtimes[i] = null;
            run.trace().event("crash").put("node", "S" + i).emit();
        }
    }

    /** Crashes peer i and gives it an empty disk: when started, it must get everything from the others. */
    public synchronized void wipe(int i) {
        crash(i);
        storage[i] = new MemoryStorage(lossyDisk);
        monitors.wiped(i);
        run.trace().event("wipe").put("node", "S" + i).emit();
    }

    private synchronized void killAll() {
        for (int i = 0; i < n; i++) {
            if (peers.get(i) != null) {
                hosts[i].kill().run();
                runtimes[i].halt();
            }
        }
    }

    // ---- connectivity ----

    /** Connects peer i to every connected peer (both directions). */
    public synchronized void connect(int i) {
        links.connect(i);
    }

    /** Cuts peer i off from everyone (both directions). */
    public synchronized void disconnect(int i) {
        links.disconnect(i);
    }

    /** Takes one link down or up (both directions) without changing which peers count as connected. */
    public synchronized void setLink(int i, int j, boolean up) {
        links.setLink(i, j, up);
    }

    /**
     * Takes the link from peer {@code from} to peer {@code to} down or up in that direction only:
     * {@code from}'s requests stop (or flow again); {@code to}'s requests, and the answers to them, still travel.
     */
    public synchronized void setOneWay(int from, int to, boolean up) {
        links.setOneWay(from, to, up);
    }

    /** The tester's own ends to every peer, as stubs of {@code service} (see {@link TesterEnds}). */
    public <T> List<T> testerEnds(Class<T> service) {
        return testerEnds.stubs(service);
    }

    /** Splits the cluster in two: every peer is connected, but only to peers on its own side. */
    public synchronized void partition(Collection<Integer> sideA) {
        links.partition(new HashSet<>(sideA));
    }

    /** Heals partitions and links and connects everyone. */
    public synchronized void connectAll() {
        links.healAll();
    }

    @Override
    public synchronized boolean isConnected(int i) {
        return links.connected(i);
    }

    public boolean isUp(int i) {
        return peers.get(i) != null;
    }

    /** Parks {@code method} replies from peer {@code from} to peer {@code to} until released (see Network#holdReplies). */
    public Hold holdReplies(int from, int to, String method) {
        return net.holdReplies("S" + to, "S" + from, method);
    }

    /**
     * Parks the next {@code count} {@code method} requests from peer {@code from} to peer {@code to}
     * until released (see Network#holdRequests): that peer hears nothing more of that kind from it.
     */
    public Hold holdRequests(int from, int to, String method, int count) {
        return net.holdRequests("S" + from, "S" + to, method, count);
    }

    public void reliable(boolean yes) {
        net.reliable(yes);
        run.trace().event("reliable").put("on", yes).emit();
    }

    /** Whether calls to unreachable servers stall for up to 7 s (Raft tests) or fail within 100 ms (KV tests). */
    public void longDelays(boolean yes) {
        net.longDelays(yes);
    }

    public void longReordering(boolean yes) {
        net.longReordering(yes);
    }

    // ---- observation ----

    public Raft peer(int i) {
        return Objects.requireNonNull(peers.get(i), () -> "S" + i + " is crashed");
    }

    /** Peer i's state, or null if it is crashed. */
    @Override
    public PeerState stateOrNull(int i) {
        Raft r = peers.get(i);
        return r == null ? null : r.state();
    }

    /** A connected peer that leads a term above {@code term} (a leader newer than one cut off), or -1. */
    public int connectedLeaderAbove(long term) {
        for (int i = 0; i < n(); i++) {
            PeerState s = isConnected(i) ? stateOrNull(i) : null;
            if (s != null && s.leader() && s.term() > term) {
                return i;
            }
        }
        return -1;
    }

    /** Peer i's log view for monitors, or null if it is crashed or has no log. */
    public raftlab.raft.RaftInspection inspectOrNull(int i) {
        Raft r = peers.get(i);
        return r == null ? null : r.inspect();
    }

    public long rpcCount(int i) {
        return net.count("S" + i);
    }

    public long rpcTotal() {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += rpcCount(i);
        }
        return total;
    }

    public long bytesTotal() {
        return net.totalBytes();
    }

    /** The largest request or reply the network has carried (bytes). */
    public long largestMessage() {
        return net.largestMessage();
    }

    /** Peer i's storage as a restart would find it now (a crash keeps exactly this). */
    public MemoryStorage storageAfterCrash(int i) {
        return storage[i].afterCrash();
    }

    /** Largest snapshot across peers (bytes). */
    public long snapshotSize() {
        return java.util.Arrays.stream(storage).mapToLong(MemoryStorage::snapshotBytes).max().orElse(0);
    }

    /** Largest durable Raft state across peers (bytes). */
    public long logSize() {
        return java.util.Arrays.stream(storage).mapToLong(MemoryStorage::sizeBytes).max().orElse(0);
    }

    public Applied applied() {
        return applied;
    }

    // ---- the 6.5840 checks ----

    /**
     * Waits (up to ten rounds of 450–549 ms) for exactly one connected peer to lead; fails if two lead
     * the same term. Returns the leader of the highest term.
     */
    public int checkOneLeader() {
        return leaders.checkOneLeader();
    }

    /** All connected peers agree on the term; returns it. */
    public long checkTerms() {
        return leaders.checkTerms();
    }

    /** No connected peer believes it is leader. */
    public void checkNoLeader() {
        leaders.checkNoLeader();
    }

    /** The peer that is up and believes it leads in the highest term, or -1 (does not wait). */
    public int currentLeader() {
        return leaders.current();
    }

    /** Starts {@code cmd} on peer i if it is up; null if it is crashed. */
    @Override
    public raftlab.raft.StartResult startOn(int i, Object cmd) {
        Raft r = peers.get(i);
        return r == null ? null : r.start(cmd);
    }

    /** How many peers have applied a command at {@code index}, and that command. */
    public Applied.Count nCommitted(long index) {
        return agreement.nCommitted(index);
    }

    /**
     * Submits {@code cmd} to whichever connected peer leads and waits for at least {@code expected}
     * peers to apply it at one index: up to 2 s per attempt and 10 s in all. Returns the index.
     */
    public long one(Object cmd, int expected, boolean retry) {
        return agreement.one(cmd, expected, retry);
    }

    /** Several {@code one()}s at once (see {@link Agreement#oneAll}). */
    public void oneAll(List<?> cmds, int expected) {
        agreement.oneAll(cmds, expected);
    }

    /**
     * Waits for {@code expected} peers to apply {@code index}; returns the command, or null if some
     * peer moved past {@code startTerm} first (see {@link Agreement#waitCommitted}).
     */
    public Object waitCommitted(long index, int expected, long startTerm) {
        return agreement.waitCommitted(index, expected, startTerm);
    }

    /**
     * Every peer's view, for failure messages: role, term, connectivity, log and last applied, its
     * campaigns and the votes they got, when it last heard a leader or sent anything, a leader's
     * progress per follower; then hints for the classic patterns (see {@link LivenessDiagnosis}).
     */
    @Override
    public String describe() {
        return diagnosis.cluster(this::stateOrNull, this::isConnected, applied::lastApplied);
    }
}
