package raftlab.server;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import raftlab.kv.KvClerk;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvEnv;
import raftlab.kv.KvFactory;
import raftlab.kvservice.KvNode;
import raftlab.kvservice.KvReply;
import raftlab.kvservice.KvRequest;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.RaftInspection;
import raftlab.server.RaftHttpNode;
import raftlab.server.api.ClientApi;
import raftlab.server.api.ClusterStatus;
import raftlab.server.api.ClusterView;
import raftlab.server.api.NodeEvents;
import raftlab.server.api.NodeStatus;
import raftlab.server.api.NodeView;
import raftlab.server.members.ClusterMembers;
import raftlab.server.members.NodeDirectory;
import raftlab.server.metrics.Histogram;
import raftlab.server.net.HttpListener;
import raftlab.server.net.PeerAuth;
import raftlab.snapshots.kv.SnapshotKvLab;

/**
 * One node of the real key/value store: lab 5's service on lab 5's Raft, unchanged, with its state on
 * disk, its peer RPCs over HTTP on one listener, and the client API and dashboard on another.
 */
public final class KvServerNode implements ClientApi.Backend, AutoCloseable {
    /**
     * The client listener's share. Its requests wait for commits without holding a thread, so the
     * threads only parse and answer; the connections are what a load test with thousands of clients
     * (or a flood) takes, and past the limit new ones wait in the kernel's accept queue.
     */
    public static final HttpListener.Limits CLIENT_LIMITS = new HttpListener.Limits(32, 4_096, RaftHttpNode.IDLE_TIMEOUT);

    /** The peer RPC that carries a leader's snapshot (lab 5's {@code SnapshotRpc}). */
    static final String INSTALL_SNAPSHOT = raftlab.snapshots.SnapshotRpc.class.getSimpleName() + ".installSnapshot";

    private final RaftHttpNode node;
    private final PeerAuth auth;
    private final HttpListener clients;
    private final ClientApi api = new ClientApi();
    private final KvFactory lab = SnapshotKvLab.factory();
    private NodeConfig config;
    private KvNode kv;
    private List<ClientEnd> ends;
    private NodeRuntime front;
    private ClusterView view;
    private ClusterMembers members;
    private final NodeEvents events = new NodeEvents();
    /** Samples the node's status into {@link #events}; a daemon thread, so a forgotten node never keeps a JVM alive. */
    private final java.util.concurrent.ScheduledExecutorService sampler =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "node-events");
                t.setDaemon(true);
                return t;
            });

    private KvServerNode(NodeConfig.Address listen, NodeConfig.Address peerListen, String token, HttpListener.Limits clientLimits) {
        this.auth = new PeerAuth(token);
        this.node = RaftHttpNode.bind(peerListen.host(), peerListen.port(), auth);
        try {
            this.clients = HttpListener.open("clients", listen.host(), listen.port(), clientLimits, api);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Listens, recovers the node's state from its data directory, and starts serving. */
    public static KvServerNode start(NodeConfig config) {
        KvServerNode n = bind(config.listen(), config.peerListen(), config.token());
        try {
            n.serve(config);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Listens for clients on {@code listen} and for peers on {@code peerListen} (port {@code 0}: any free
     * port) without serving yet, so a test can learn every node's ports before any node needs the others'.
     */
    public static KvServerNode bind(NodeConfig.Address listen, NodeConfig.Address peerListen, String token) {
        return bind(listen, peerListen, token, CLIENT_LIMITS);
    }

    /** As {@link #bind(NodeConfig.Address, NodeConfig.Address, String)}, with other client limits (tests). */
    public static KvServerNode bind(NodeConfig.Address listen, NodeConfig.Address peerListen, String token,
            HttpListener.Limits clientLimits) {
        return new KvServerNode(listen, peerListen, token, clientLimits);
    }

    /** Recovers the node's state from {@code config}'s data directory and starts serving. */
    public synchronized void serve(NodeConfig config) {
        this.config = config;
        node.start(config.id(), config.peers(), config.maxNodes(), config.members(), config.dataDir(), parts -> {
            if (config.faultInjection()) { // before the node answers peers: a chaos run never finds it half set up
                node.allowFaultInjection();
            }
            kv = SnapshotKvLab.node(new KvEnv(parts.me(), parts.peers(), parts.runtime(), parts.storage(), lab.raft(),
                    config.maxRaftState(), KvCapacity.DEFAULT, RaftHttpNode.RAFT_OPTIONS, parts.members()));
            List<Service<?>> services = new ArrayList<>(kv.services());
            services.addAll(kv.raft().services());
            return new RaftHttpNode.Replica(services, kv.raft());
        });
        if (config.maxNodes() > config.peers().size() && kv.raft().membership() == null) {
            throw new IllegalArgumentException("max-nodes " + config.maxNodes() + " leaves room to add nodes, but this Raft"
                    + " does not change membership (lab 5's optional part): it would count majorities of " + config.maxNodes()
                    + " nodes. Leave max-nodes out, or run a Raft that does.");
        }
        front = node.newRuntime("front");
        ends = new ArrayList<>();
        for (int j = 0; j < config.maxNodes(); j++) {
            ends.add(node.clientEnd(j, front));
        }
        members = new ClusterMembers(config.id(), NodeDirectory.of(config), kv::raft, this::newClerk, this::storedDirectory,
                node::address);
        members.refresh();
        view = new ClusterView(config.id(), () -> members.directory().clientUrls(members.shown()), this::status);
        sampler.scheduleWithFixedDelay(() -> {
            try {
                members.refresh();
                events.sample(status(), node.answered(INSTALL_SNAPSHOT), System.currentTimeMillis());
            } catch (RuntimeException stopping) {
                // the node is closing under the sampler: a later sample would see nothing new
            }
        }, 0, NodeEvents.SAMPLE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        api.serve(this);
    }

    /** The node directory's JSON as this node has applied it, or null while the cluster stores none. */
    private String storedDirectory() {
        KvReply r = kv.readLocally(KvRequest.read(raftlab.kvservice.Op.GET, NodeDirectory.KEY, null, 0));
        return r.status() == raftlab.kvservice.Status.OK ? r.value() : null;
    }

    @Override
    public ClusterMembers members() {
        return members;
    }

    @Override
    public boolean acceptsPeerToken(String presented) {
        return auth.accepts(presented);
    }

    /** The port clients reach this node on. */
    public int port() {
        return clients.port();
    }

    /** The port peers reach this node on. */
    public int peerPort() {
        return node.port();
    }

    /** Completes when this node's storage failed: it acknowledges nothing more (see {@link RaftHttpNode#storageFailed}). */
    public CompletableFuture<IOException> storageFailed() {
        return node.storageFailed();
    }

    @Override
    public String storageProblem() {
        IOException e = node.storageFailed().getNow(null);
        return e == null ? null : "storage failed: " + e.getMessage() + "; the node accepts nothing until it is restarted";
    }


    public Raft raft() {
        return kv.raft();
    }

    @Override
    public KvClerk newClerk() {
        return lab.clerk(ends, front);
    }

    @Override
    public KvReply readLocally(KvRequest read) {
        return kv.readLocally(read);
    }

    @Override
    public NodeStatus status() {
        Raft raft = kv.raft();
        PeerState state = raft.state();
        RaftInspection log = raft.inspect();
        long[] indexes = new long[3];
        log.locked(() -> {
            indexes[0] = log.commitIndex();
            indexes[1] = log.lastLogIndex();
            indexes[2] = log.logBase();
        });
        raftlab.raft.Membership m = raft.membership();
        return new NodeStatus(config.id(), config.url(), true,
                state.leader() ? NodeStatus.LEADER : NodeStatus.FOLLOWER, state.term(), indexes[0], kv.appliedIndex(),
                indexes[1], indexes[2], raft.persistedBytes(), node.storage().snapshotBytes(),
                kv.stats().keys() - (storedDirectory() != null ? 1 : 0), // the cluster's own key is not the clients'
                node.storage().syncCount(), null, m == null ? null : m.voters(), m == null ? null : m.learners());
    }

    @Override
    public CompletableFuture<ClusterStatus> clusterStatus() {
        return view.status();
    }

    @Override
    public String controlUrl() {
        return config.controlUrl();
    }

    @Override
    public NodeView view() {
        RaftInspection log = kv.raft().inspect();
        List<NodeView.LogEntry> tail = new ArrayList<>();
        log.locked(() -> {
            long last = log.lastLogIndex();
            for (long i = Math.max(log.logBase() + 1, last - NodeView.LOG_ENTRIES + 1); i <= last; i++) {
                tail.add(NodeView.LogEntry.of(i, log.logTerm(i), log.logCommand(i)));
            }
        });
        return new NodeView(status(), tail, events.all());
    }

    @Override
    public CompletableFuture<List<NodeView>> clusterViews() {
        return view.views(this::view);
    }

    @Override
    public Histogram fsyncLatency() {
        return node.storage().syncLatency();
    }

    /**
     * Before a planned stop: if this node leads, hands its leadership to the follower whose log
     * matches the most of its own (Raft thesis §3.10), so the others need not wait out an election
     * timeout to notice it is gone. Waits at most {@code patience}; returns what happened, for the
     * node's log, or null if this node did not lead.
     */
    public String handOverLeadership(Duration patience) {
        Raft raft = kv == null ? null : kv.raft();
        if (raft == null || !raft.state().leader()) {
            return null;
        }
        long started = System.nanoTime();
        try {
            raft.transferLeadership(-1).get(patience.toMillis(), TimeUnit.MILLISECONDS);
            return String.format(Locale.ROOT, "handed leadership over in %.0f ms (term %d now)",
                    (System.nanoTime() - started) / 1e6, raft.state().term());
        } catch (TimeoutException e) {
            return "no follower took leadership over within " + patience.toMillis() + " ms; stopping anyway";
        } catch (ExecutionException e) {
            Throwable why = e.getCause();
            return "leadership not handed over (" + (why.getMessage() != null ? why.getMessage() : why.toString())
                    + "); stopping anyway";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while handing leadership over";
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        api.serve(null);
        if (view != null) {
            view.close();
        }
        if (kv != null) {
            kv.kill();
        }
        clients.close();
        node.close();
    }
}
