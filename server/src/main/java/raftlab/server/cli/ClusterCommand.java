package raftlab.server.cli;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import raftlab.server.NodeConfig;
import raftlab.server.client.KvHttpClient;
import raftlab.server.net.PeerAuth;

/**
 * {@code ./raftlab cluster}: a local cluster of node processes, in the foreground, reporting who leads;
 * Ctrl-C stops every node cleanly, and running it again resumes from the same data.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start a local cluster: one process per node on 127.0.0.1, data under --data.",
            "It stays in the foreground and prints every change of leader; Ctrl-C (or SIGTERM) stops all nodes cleanly.",
            "Run it again with the same --data and it resumes where it stopped.",
            "While it runs, `./raftlab cluster kill|pause|resume|restart|wipe|partition|heal NODE...` (same --data) acts on its nodes,",
            "and `./raftlab cluster add-node` / `remove-node NODE` change its membership (start it with --max-nodes to leave room)."})
final class ClusterCommand implements Runnable {
    /** How long nodes may sit at term 0, all up, before the supervisor says that nobody campaigns. */
    static final long QUIET_HINT_MS = 5_000;
    /** How long nodes may campaign without a winner before the supervisor says so. */
    static final long NO_WINNER_HINT_MS = 15_000;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @Option(names = "--nodes", description = "how many nodes (default: ${DEFAULT-VALUE})")
    int nodes = 3;

    @Option(names = "--port", description = "the first node's client port; node i serves clients on port + i and peers on port + 100 + i"
            + " (default: ${DEFAULT-VALUE})")
    int port = 7001;

    @Option(names = "--host", description = "the address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--data", description = "the cluster's data directory (default: ${DEFAULT-VALUE})")
    Path data = Path.of("data");

    @Option(names = "--max-nodes", paramLabel = "N", description = "node ids the cluster may use over its life, so"
            + " `./raftlab cluster add-node` can add nodes (needs a Raft that changes membership: the reference, or yours"
            + " with lab 5's optional part); default: what --data recorded, else --nodes (a fixed size)")
    Integer maxNodes;

    @Mixin
    RaftChoice raft = new RaftChoice();

    private ClusterControl control;
    /** 1 when the supervisor stopped because every node had exited on its own. */
    private volatile int exitCode;

    @Override
    public void run() {
        boolean reference = raft.reference();
        // Fault injection on: the supervisor's control channel partitions nodes through it (cluster token only).
        NodeProcesses cluster = new NodeProcesses(data, nodes, host, port, NodeConfig.DEFAULT_MAX_RAFT_STATE, true, maxNodes);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (cluster.anyAlive()) {
                System.out.println("\nstopping " + cluster.memberUrls().size() + " nodes ...");
            }
            if (control != null) {
                control.close();
            }
            cluster.close();
            System.out.println("stopped; the data stays in " + data + " (run the same command to resume)");
            stopped.countDown();
        }, "cluster-shutdown"));
        String token = NodeConfig.readToken(data.resolve("token"));
        control = new ClusterControl(new ClusterFaults(cluster, token), new PeerAuth(token), data,
                line -> System.out.println(now() + " " + line));
        cluster.announceControl(control.url()); // the dashboards' fault buttons go there, through their node
        cluster.startAll();
        String first = cluster.urls().get(0);
        System.out.println("RaftLab cluster: " + cluster.memberUrls().size() + " nodes, data in " + data + " (peer token in "
                + data.resolve("token") + ")" + (cluster.maxNodes() > cluster.size() ? "; room for " + (cluster.maxNodes()
                - cluster.size()) + " more (./raftlab cluster add-node)" : ""));
        System.out.println("Running:    " + raft.describe());
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.isRemoved(i)) {
                System.out.println("  node " + i + "  " + cluster.urls().get(i) + "   peers: " + cluster.peerUrls().get(i) + "   log: "
                        + cluster.log(i));
            }
        }
        System.out.println("Dashboard:  " + first + "/");
        System.out.println("Try:        curl -X PUT --data-binary world " + first + "/kv/hello");
        System.out.println("            curl " + first + "/kv/hello");
        System.out.println("Control:    ./raftlab cluster kill|pause|resume|restart|wipe|partition|remove-node NODE... | heal | add-node"
                + (data.equals(Path.of("data")) ? "" : " --data " + data));
        System.out.println("Ctrl-C stops every node.");
        watch(cluster, stopped, reference);
        if (exitCode != 0) {
            System.exit(exitCode); // runs the shutdown hook: the control channel closes, the data stays
        }
    }

    private static boolean allReported(boolean[] reported, NodeProcesses cluster) {
        for (int i = 0; i < cluster.size(); i++) {
            if (!reported[i] && !cluster.isRemoved(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyDownOnPurpose(NodeProcesses cluster) {
        for (int i = 0; i < cluster.size(); i++) {
            if (control.downOnPurpose(i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Prints a line whenever the leader, the term or the number of live nodes changes, explains a node
     * that exits, and says so when the nodes cannot elect (the usual reason: Raft not written yet).
     */
    private void watch(NodeProcesses cluster, CountDownLatch stopped, boolean reference) {
        boolean[] reported = new boolean[cluster.maxNodes()];
        String last = "";
        ElectionHint hint = new ElectionHint(reference);
        KvHttpClient client = null;
        List<String> asked = null;
        try {
            while (stopped.getCount() > 0) {
                if (!cluster.memberUrls().equals(asked)) { // a node added or removed
                    if (client != null) {
                        client.close();
                    }
                    asked = cluster.memberUrls();
                    client = new KvHttpClient(asked, 1);
                }
                for (int i = 0; i < cluster.size(); i++) {
                    if (cluster.isRemoved(i)) {
                        continue;
                    }
                    Integer code = cluster.exitCode(i);
                    if (code == null) {
                        reported[i] = false; // running (again): report its next exit
                    } else if (!reported[i] && stopped.getCount() > 0) {
                        reported[i] = true;
                        System.out.println(now() + " node " + i + (control.downOnPurpose(i) ? " is down (taken down by the"
                                + " control channel); `./raftlab cluster restart " + i + "` starts it again"
                                : " exited with code " + code + ":\n" + cluster.explainExit(i)));
                    }
                }
                if (!cluster.anyAlive() && allReported(reported, cluster) && !anyDownOnPurpose(cluster)) {
                    System.out.println(now() + " every node has exited on its own (see above); the supervisor stops too");
                    exitCode = 1;
                    return;
                }
                Status status = status(client);
                if (!status.line().equals(last)) {
                    System.out.println(now() + " " + status.line());
                    last = status.line();
                }
                String advice = hint.after(status, System.nanoTime());
                if (advice != null) {
                    System.out.println(now() + " " + advice);
                }
                if (stopped.await(500, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** What the cluster looks like from its status: a line, and whether all nodes are up, with or without a leader. */
    record Status(String line, boolean allUp, boolean leader, long term) {
    }

    /**
     * Advice, given once each, for a cluster that cannot elect: nobody campaigns (term 0) after
     * {@link #QUIET_HINT_MS}, or campaigns never end in a leader after {@link #NO_WINNER_HINT_MS}.
     */
    static final class ElectionHint {
        private final boolean reference;
        private long stuckSince = -1;
        private boolean quietSaid;
        private boolean noWinnerSaid;

        ElectionHint(boolean reference) {
            this.reference = reference;
        }

        String after(Status s, long nowNanos) {
            if (!s.allUp() || s.leader()) {
                stuckSince = -1;
                return null;
            }
            if (stuckSince < 0) {
                stuckSince = nowNanos;
            }
            long ms = (nowNanos - stuckSince) / 1_000_000;
            String tryReference = reference ? "" : " To run lab 4 or lab 5's part B before your Raft is done: ./raftlab"
                    + " cluster --raft reference.";
            if (s.term() == 0 && ms >= QUIET_HINT_MS && !quietSaid) {
                quietSaid = true;
                return "no node has campaigned after " + QUIET_HINT_MS / 1000 + " s (term 0): is lab 1 implemented (the"
                        + " election timer and RequestVote)?" + tryReference;
            }
            if (s.term() > 0 && ms >= NO_WINNER_HINT_MS && !noWinnerSaid) {
                noWinnerSaid = true;
                return "the nodes campaign (term " + s.term() + ") but none has won after " + NO_WINNER_HINT_MS / 1000
                        + " s: check lab 1's vote counting and randomized timeouts (./raftlab test lab1)." + tryReference;
            }
            return null;
        }
    }

    private static Status status(KvHttpClient client) {
        KvHttpClient.Reply r;
        try {
            r = client.status();
        } catch (IllegalStateException e) {
            return new Status("no node answers yet", false, false, 0);
        }
        if (!r.ok()) {
            return new Status("nodes are starting (" + r.field("error") + ")", false, false, 0);
        }
        int total = r.json().getAsJsonArray("nodes").size();
        long up = r.json().getAsJsonArray("nodes").asList().stream().filter(n -> n.getAsJsonObject().get("up").getAsBoolean()).count();
        String leader = r.field("leader");
        String nodes = up + "/" + total + " nodes up";
        String t = r.field("term");
        long term = t == null ? 0 : Long.parseLong(t);
        String line;
        if (leader == null) {
            line = "no leader (term " + term + ", " + nodes + ")";
        } else {
            long leaderTerm = KvHttpClient.node(r.json(), Integer.parseInt(leader)).get("term").getAsLong();
            line = "leader: node " + leader + ", term " + leaderTerm + " (" + nodes
                    + (term > leaderTerm ? "; a node cut off from it campaigns at term " + term : "") + ")";
        }
        return new Status(line, up == total, leader != null, term);
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }
}
