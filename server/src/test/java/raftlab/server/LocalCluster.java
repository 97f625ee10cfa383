package raftlab.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import raftlab.server.client.KvHttpClient;

/** N real nodes in this JVM on loopback ports, each with its own data directory under {@code root}. */
final class LocalCluster implements AutoCloseable {
    static final String TOKEN = "local-cluster-token-0123456789";

    private final Path root;
    private final long maxRaftState;
    private final boolean faultInjection;
    private final List<KvServerNode> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    LocalCluster(Path root, int n, long maxRaftState) {
        this(root, n, maxRaftState, false);
    }

    /** With {@code faultInjection}, every node accepts {@code POST /raft/faults} (the chaos run's partitions). */
    LocalCluster(Path root, int n, long maxRaftState, boolean faultInjection) {
        this.root = root;
        this.maxRaftState = maxRaftState;
        this.faultInjection = faultInjection;
        for (int i = 0; i < n; i++) {
            KvServerNode node = KvServerNode.bind("127.0.0.1", 0, TOKEN);
            nodes.add(node);
            ports.add(node.port());
            urls.add("http://127.0.0.1:" + node.port());
        }
        for (int i = 0; i < n; i++) {
            nodes.get(i).serve(config(i));
        }
    }

    private NodeConfig config(int i) {
        return new NodeConfig(i, "127.0.0.1", ports.get(i), urls, root.resolve("node" + i), TOKEN, maxRaftState, faultInjection);
    }

    List<String> urls() {
        return urls;
    }

    String url(int i) {
        return urls.get(i);
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

    /** Restarts node {@code i} on its old port, from its data directory. */
    void restart(int i) {
        nodes.set(i, KvServerNode.start(config(i)));
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
