package raftlab.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import raftlab.server.KvServerNode;
import raftlab.server.NodeConfig;

/** {@code ./raftlab node}: one node, from a config file or flags, in the foreground until stopped. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one node of a cluster (for a cluster spread over several hosts).",
            "Give either --config FILE or --id, --listen, --peer-listen, --client-urls, --peers, --data and --token-file.",
            "Every node must get the same --client-urls and --peers lists, in the same order; --id is its own index in them."})
final class NodeCommand implements Runnable {
    @Option(names = "--config", description = "a properties file with id, listen, peer-listen, client-urls, peers, data, token-file")
    Path config;

    @Option(names = "--id", description = "this node's index in --peers, from 0")
    Integer id;

    @Option(names = "--listen", description = "host:port to serve clients on, e.g. 0.0.0.0:7001")
    String listen;

    @Option(names = "--peer-listen", description = "host:port to serve peers on, e.g. 0.0.0.0:7101")
    String peerListen;

    @Option(names = "--client-urls", split = ",", description = "every node's client URL, this one's included, e.g. http://10.0.0.1:7001,...")
    List<String> clientUrls;

    @Option(names = "--peers", split = ",", description = "every node's peer URL, this one's included, e.g. http://10.0.0.1:7101,...")
    List<String> peers;

    @Option(names = "--data", description = "this node's data directory (created if absent)")
    Path data;

    @Option(names = "--token-file", description = "a file holding the cluster's shared token (16+ characters)")
    Path tokenFile;

    @picocli.CommandLine.Mixin
    RaftChoice raft = new RaftChoice();

    @Option(names = "--max-raft-state", description = "snapshot once the Raft state passes this many bytes (default: ${DEFAULT-VALUE})")
    long maxRaftState = NodeConfig.DEFAULT_MAX_RAFT_STATE;

    @Option(names = "--max-nodes", description = "node ids the cluster may use over its life, the same on every node, so"
            + " nodes can be added (POST /cluster/members); default: the nodes in --peers (a fixed size)")
    Integer maxNodes;

    @Option(names = "--join", description = "this node joins a running cluster: it starts as no member and waits to be added"
            + " (its --peers list the nodes before it, and itself last)")
    boolean join;

    /**
     * How long a stopping leader waits for a follower to take over (SIGTERM: a planned stop). The
     * reference's transfer gives up after 2 s; an idle or lightly loaded cluster hands over in
     * milliseconds, so this costs a stop of the whole cluster at most this long.
     */
    static final Duration HAND_OVER_PATIENCE = Duration.ofMillis(1500);

    @Override
    public void run() {
        NodeConfig c = config != null ? NodeConfig.load(config) : fromFlags();
        String running = raft.describe();
        long jvmStarted = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long starting = System.currentTimeMillis();
        KvServerNode node = KvServerNode.start(c);
        long serving = System.currentTimeMillis();
        AtomicBoolean diskFailed = new AtomicBoolean();
        node.storageFailed().thenAcceptAsync(e -> { // not on the failing thread: exiting runs the shutdown hook below
            diskFailed.set(true); // no hand-over on the way out: this node can make nothing durable
            System.err.println("node " + c.id() + ": storage failed (" + e.getMessage() + "); stopping. Nothing written"
                    + " after its last sync was acknowledged. Free space or repair the disk, then start the node again:"
                    + " it recovers from what is on disk.");
            System.exit(74); // EX_IOERR
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("node " + c.id() + ": stopping");
            try {
                String handOver = diskFailed.get() ? null : node.handOverLeadership(HAND_OVER_PATIENCE);
                if (handOver != null) {
                    System.out.println("node " + c.id() + ": " + handOver);
                }
            } catch (RuntimeException e) {
                System.out.println("node " + c.id() + ": leadership not handed over (" + e + ")");
            } finally {
                node.close();
                stopped.countDown();
            }
        }, "node-shutdown"));
        System.out.println("node " + c.id() + ": serving " + c.url() + " (clients on " + c.listen().host() + ":" + node.port()
                + ", peers on " + c.peerListen().host() + ":" + node.peerPort() + "), data in " + readable(c.dataDir()) + "; running " + running
                + String.format(java.util.Locale.ROOT, "; up %.2f s after its JVM started (%.2f s of them recovering and opening its ports)",
                        (serving - jvmStarted) / 1e3, (serving - starting) / 1e3));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The data directory as the OS found it (no conf/../data); the path as given if it cannot tell. */
    private static String readable(Path dir) {
        try {
            return dir.toRealPath().toString();
        } catch (java.io.IOException e) {
            return dir.toString();
        }
    }

    private NodeConfig fromFlags() {
        if (id == null || listen == null || peerListen == null || clientUrls == null || peers == null || data == null
                || tokenFile == null) {
            throw new IllegalArgumentException("give --config FILE, or all of --id, --listen, --peer-listen, --client-urls,"
                    + " --peers, --data and --token-file");
        }
        return new NodeConfig(id, NodeConfig.Address.parse(listen, "--listen"), NodeConfig.Address.parse(peerListen, "--peer-listen"),
                clientUrls, peers, data, NodeConfig.readToken(tokenFile), maxRaftState, false, null,
                maxNodes == null ? peers.size() : maxNodes, join);
    }
}
