package raftlab.server.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import raftlab.server.load.LoadRun;
import raftlab.server.load.ServerProcesses;
import raftlab.server.load.Target;
import raftlab.server.load.WrkRun;
import raftlab.server.net.HttpReplies;

/** {@code ./raftlab bench}: a closed-loop load against a running cluster (RaftLab's, or etcd's). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a running cluster: throughput and latency percentiles under N concurrent clients.",
            "--target etcd drives etcd's JSON gateway the same way, for a side-by-side comparison."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", split = ",", description = "the cluster's URLs (default: ${DEFAULT-VALUE})")
    List<String> nodes = List.of("http://127.0.0.1:7001", "http://127.0.0.1:7002", "http://127.0.0.1:7003");

    @Option(names = "--target", description = "raftlab or etcd (default: ${DEFAULT-VALUE})")
    String target = "raftlab";

    @Option(names = "--clients", description = "concurrent clients, one connection each (default: ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--duration", description = "measured seconds (default: ${DEFAULT-VALUE})")
    double duration = 10;

    @Option(names = "--warmup", description = "unmeasured seconds first (default: ${DEFAULT-VALUE})")
    double warmup = 2;

    @Option(names = "--value-size", description = "value size in bytes (default: ${DEFAULT-VALUE})")
    int valueSize = 100;

    @Option(names = "--reads", description = "percent of operations that are reads (default: ${DEFAULT-VALUE})")
    int reads = 0;

    @Option(names = "--keys", description = "distinct keys written and read (default: ${DEFAULT-VALUE})")
    int keys = 1000;

    @Option(names = "--driver", description = {"java: a thread per client, in this JVM (needs nothing);",
        "wrk: the wrk load generator, which costs the shared CPU far less (apt-get install -y wrk)",
        "(default: ${DEFAULT-VALUE})"})
    String driver = "java";

    @Option(names = "--json", description = "also write the result to this file as JSON")
    Path json;

    @Option(names = "--server-pids", split = ",", paramLabel = "PID",
            description = "the servers' process ids: also report their CPU seconds per operation and memory (Linux /proc)")
    List<Long> serverPids;

    @Override
    public Integer call() throws InterruptedException, IOException {
        Target t = switch (target) {
            case "raftlab" -> Target.raftlab(nodes, clients);
            case "etcd" -> Target.etcd(nodes, clients);
            default -> throw new IllegalArgumentException("--target must be raftlab or etcd, not " + target);
        };
        try (t) {
            System.out.println("bench: " + t.describe() + ", " + clients + " clients, " + valueSize + "-byte values, "
                    + reads + "% reads, " + warmup + " s warm-up + " + duration + " s");
            ServerProcesses servers = serverPids == null ? null : new ServerProcesses(serverPids);
            LoadRun.Result r = switch (driver) {
                case "java" -> new LoadRun(t, clients, valueSize, reads, keys).measuring(servers).run(warmup, duration, System.out::println);
                case "wrk" -> new WrkRun(t, clients, valueSize, reads, keys).measuring(servers).run(warmup, duration, System.out::println);
                default -> throw new IllegalArgumentException("--driver must be java or wrk, not " + driver);
            };
            System.out.println(r.summary());
            if (json != null) {
                Files.writeString(json, HttpReplies.toJson(r) + "\n");
            }
            return r.errors() == 0 ? 0 : 1;
        }
    }
}
