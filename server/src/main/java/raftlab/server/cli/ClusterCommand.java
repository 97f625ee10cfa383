package raftlab.server.cli;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import raftlab.server.client.KvHttpClient;

/**
 * {@code ./raftlab cluster}: a local cluster of node processes, in the foreground, reporting who leads;
 * Ctrl-C stops every node cleanly, and running it again resumes from the same data.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Start a local cluster: one process per node on 127.0.0.1, data under --data.",
            "It stays in the foreground and prints every change of leader; Ctrl-C stops all nodes cleanly.",
            "Run it again with the same --data and it resumes where it stopped."})
final class ClusterCommand implements Runnable {
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

    @Override
    public void run() {
        NodeProcesses cluster = new NodeProcesses(data, nodes, host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping " + nodes + " nodes ...");
            cluster.close();
            System.out.println("stopped; the data stays in " + data + " (run the same command to resume)");
            stopped.countDown();
        }, "cluster-shutdown"));
        cluster.startAll();
        String first = cluster.urls().get(0);
        System.out.println("RaftLab cluster: " + nodes + " nodes, data in " + data + " (peer token in " + data.resolve("token") + ")");
        for (int i = 0; i < nodes; i++) {
            System.out.println("  node " + i + "  " + cluster.urls().get(i) + "   peers: " + cluster.peerUrls().get(i) + "   log: "
                    + cluster.log(i));
        }
        System.out.println("Dashboard:  " + first + "/");
        System.out.println("Try:        curl -X PUT --data-binary world " + first + "/kv/hello");
        System.out.println("            curl " + first + "/kv/hello");
        System.out.println("Ctrl-C stops every node.");
        watch(cluster, stopped);
    }

    /** Prints a line whenever the leader, the term or the number of live nodes changes. */
    private void watch(NodeProcesses cluster, CountDownLatch stopped) {
        boolean[] reported = new boolean[nodes];
        String last = "";
        try (KvHttpClient client = new KvHttpClient(cluster.urls(), 1)) {
            while (stopped.getCount() > 0) {
                for (int i = 0; i < nodes; i++) {
                    Integer code = cluster.exitCode(i);
                    if (code != null && !reported[i] && stopped.getCount() > 0) {
                        reported[i] = true;
                        System.out.println(now() + " node " + i + " exited with code " + code + "; the end of its log:\n"
                                + cluster.tail(i, 15));
                    }
                }
                String line = describe(client);
                if (!line.equals(last)) {
                    System.out.println(now() + " " + line);
                    last = line;
                }
                if (stopped.await(500, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(KvHttpClient client) {
        KvHttpClient.Reply r;
        try {
            r = client.status();
        } catch (IllegalStateException e) {
            return "no node answers yet";
        }
        if (!r.ok()) {
            return "nodes are starting (" + r.field("error") + ")";
        }
        long up = r.json().getAsJsonArray("nodes").asList().stream().filter(n -> n.getAsJsonObject().get("up").getAsBoolean()).count();
        String leader = r.field("leader");
        String nodes = up + "/" + r.json().getAsJsonArray("nodes").size() + " nodes up";
        return leader == null ? "no leader (term " + r.field("term") + ", " + nodes + ")"
                : "leader: node " + leader + ", term " + r.field("term") + " (" + nodes + ")";
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }
}
