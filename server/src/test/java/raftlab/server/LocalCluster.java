package raftlab.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import raftlab.server.client.KvHttpClient;
import raftlab.server.net.HttpListener;

/** N real nodes in this JVM on loopback ports, each with its own data directory under {@code root}. */
final class LocalCluster implements AutoCloseable {
    static final String TOKEN = "local-cluster-token-0123456789";

    private final Path root;
    private final long maxRaftState;
    private final boolean faultInjection;
    private final HttpListener.Limits clientLimits;
    /** How many nodes the cluster started with; later ones were added to it. */
    private final int initial;
    private int maxNodes;
    private final List<KvServerNode> nodes = new ArrayList<>();
    private final List<NodeConfig.Address> listen = new ArrayList<>();
    private final List<NodeConfig.Address> peerListen = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> peerUrls = new ArrayList<>();

    LocalCluster(Path root, int n, long maxRaftState) {
        this(root, n, maxRaftState, false);
    }

    /** With {@code faultInjection}, every node accepts {@code POST /raft/faults} (the chaos run's partitions). */
    LocalCluster(Path root, int n, long maxRaftState, boolean faultInjection) {
        this(root, n, maxRaftState, faultInjection, KvServerNode.CLIENT_LIMITS);
    }

    private LocalCluster(Path root, int n, long maxRaftState, boolean faultInjection, HttpListener.Limits clientLimits) {
        this(root, n, maxRaftState, faultInjection, clientLimits, true);
    }

    /**
     * Binds every node's listeners, with {@code clientLimits} on the client ones, but starts no node:
     * a test can act on the ports before any peer has connected, then call {@link #serveAll}.
     */
    static LocalCluster boundOnly(Path root, int n, HttpListener.Limits clientLimits) {
        return new LocalCluster(root, n, NodeConfig.DEFAULT_MAX_RAFT_STATE, false, clientLimits, false);
    }

    private LocalCluster(Path root, int n, long maxRaftState, boolean faultInjection, HttpListener.Limits clientLimits, boolean serve) {
        this.root = root;
        this.maxRaftState = maxRaftState;
        this.faultInjection = faultInjection;
        this.clientLimits = clientLimits;
        this.initial = n;
        this.maxNodes = n;
        for (int i = 0; i < n; i++) {
            KvServerNode node = KvServerNode.bind(new NodeConfig.Address("127.0.0.1", 0), new NodeConfig.Address("127.0.0.1", 0), TOKEN,
                    clientLimits);
            nodes.add(node);
            listen.add(new NodeConfig.Address("127.0.0.1", node.port()));
            peerListen.add(new NodeConfig.Address("127.0.0.1", node.peerPort()));
            urls.add("http://127.0.0.1:" + node.port());
            peerUrls.add("http://127.0.0.1:" + node.peerPort());
        }
        if (serve) {
            serveAll();
        }
    }

    /** Starts every node (of a cluster made by {@link #boundOnly}). */
    void serveAll() {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).serve(config(i));
        }
    }

    /** A cluster that may grow to {@code maxNodes} (its nodes are started by {@link #serveAll}). */
    static LocalCluster growable(Path root, int n, long maxRaftState, int maxNodes) {
        LocalCluster c = new LocalCluster(root, n, maxRaftState, false, KvServerNode.CLIENT_LIMITS, false);
        c.maxNodes = maxNodes;
        c.serveAll();
        return c;
    }

    /**
     * Starts one more node, which joins as no member (it waits to be added: {@code POST /cluster/members}),
     * knowing the nodes before it; returns its id.
     */
    int startJoiningNode() {
        KvServerNode node = KvServerNode.bind(new NodeConfig.Address("127.0.0.1", 0), new NodeConfig.Address("127.0.0.1", 0), TOKEN,
                clientLimits);
        int id = nodes.size();
        nodes.add(node);
        listen.add(new NodeConfig.Address("127.0.0.1", node.port()));
        peerListen.add(new NodeConfig.Address("127.0.0.1", node.peerPort()));
        urls.add("http://127.0.0.1:" + node.port());
        peerUrls.add("http://127.0.0.1:" + node.peerPort());
        node.serve(config(id));
        return id;
    }

    /** Node {@code i}'s config: the nodes it started with know those; an added one, every node before it too. */
    private NodeConfig config(int i) {
        int known = i < initial ? initial : i + 1;
        return new NodeConfig(i, listen.get(i), peerListen.get(i), urls.subList(0, known), peerUrls.subList(0, known),
                root.resolve("node" + i), TOKEN, maxRaftState, faultInjection, null, maxNodes, i >= initial);
    }

    /** Each node's client URL (a snapshot: nodes may be added). */
    List<String> urls() {
        return List.copyOf(urls);
    }

    String url(int i) {
        return urls.get(i);
    }

    /** Node {@code i}'s peer URL: Raft's RPCs and the chaos faults, behind the cluster token. */
    String peerUrl(int i) {
        return peerUrls.get(i);
    }

    KvServerNode node(int i) {
        return nodes.get(i);
    }

    /** A client pinned to node {@code i} alone (no leader discovery): what that node answers. */
    KvHttpClient clientOf(int i) {
        return new KvHttpClient(List.of(urls.get(i)), 8);
    }

    int awaitLeader() {
        Integer[] leader = new Integer[1];
        Awaitility.await("a leader").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i = 0; i < nodes.size(); i++) {
                KvServerNode n = nodes.get(i);
                if (n != null && n.raft().state().leader()) {
                    leader[0] = i;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    void stop(int i) {
        nodes.get(i).close();
        nodes.set(i, null);
    }

    /** Restarts node {@code i} on its old ports, from its data directory. */
    void restart(int i) {
        KvServerNode n = KvServerNode.bind(listen.get(i), peerListen.get(i), TOKEN, clientLimits);
        n.serve(config(i));
        nodes.set(i, n);
    }

    @Override
    public void close() {
        for (KvServerNode n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }
}
