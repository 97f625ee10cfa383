package raftlab.tools.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import raftlab.server.NodeConfig;
import raftlab.server.cli.NodeProcesses;
import raftlab.tester.linearizability.CheckResult;
import raftlab.tester.linearizability.Checker;
import raftlab.tester.linearizability.History;
import raftlab.tester.linearizability.HtmlReport;
import raftlab.tester.linearizability.KvModel;
import raftlab.tester.linearizability.Operation;
import raftlab.tester.linearizability.Verdict;

/** {@code ./raftlab chaos}: a Jepsen-style campaign against a local cluster of the student's own store. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Start a local cluster, run concurrent clients that record a history, inject faults (SIGKILL and restart of"
                + " the leader, a follower or a majority; SIGSTOP past the election timeout; network partitions), then check"
                + " the history for linearizability, that every replica holds the same keys, and write a report.",
                "Exit 0: linearizable and converged; 1: a violation (or the check gave up: unknown); 2: usage."})
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--cycles", defaultValue = "20", description = "fault cycles (default ${DEFAULT-VALUE})")
    int cycles;

    @Option(names = "--nodes", defaultValue = "3", description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--clients", defaultValue = "4", description = "concurrent clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--keys", defaultValue = "5", description = "distinct keys (few: more contention; default ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--seed", defaultValue = "1", description = "chooses the faults and the operations (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--port", defaultValue = "7201", description = "the first node's client port; its peers are 100 above (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--out", defaultValue = "target/chaos", description = "data and report directory, emptied first (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--max-raft-state", defaultValue = "65536",
            description = "snapshot at this many bytes of Raft state: small, so snapshots and InstallSnapshot happen (default ${DEFAULT-VALUE})")
    long maxRaftState;

    @Option(names = "--membership", description = "also change the cluster's membership, once per cycle while the fault is in force:"
            + " add a new node, then remove one (the leader half the time); needs a Raft that changes membership")
    boolean membership;

    @Override
    public Integer call() throws Exception {
        if (cycles < 1 || clients < 1 || keys < 1 || nodes < 3 || nodes > 9) {
            throw new IllegalArgumentException("--cycles, --clients and --keys must be at least 1, --nodes 3 to 9");
        }
        ChaosReport.emptyDirectory(out);
        Path data = out.resolve("data");
        long t0 = System.nanoTime();
        List<Operation> history = new CopyOnWriteArrayList<>();
        List<long[]> ackedWrites = Collections.synchronizedList(new ArrayList<>()); // {call, return} of each
        // With --membership: an id for each node the run may add (one every other cycle), within a node's limit.
        Integer maxNodes = membership ? Math.min(nodes + (cycles + 1) / 2, NodeConfig.MAX_NODES_LIMIT) : null;
        try (NodeProcesses cluster = new NodeProcesses(data, nodes, "127.0.0.1", port, maxRaftState, true, maxNodes)) {
            cluster.startAll();
            String token = NodeConfig.readToken(data.resolve("token"));
            Nemesis nemesis = new Nemesis(cluster, token, seed);
            MemberChurn churn = membership ? new MemberChurn(cluster, token, seed) : null;
            await("a first leader", Duration.ofSeconds(30), () -> nemesis.leader() != null);
            List<ChaosClient> running = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                ChaosClient client = new ChaosClient(c, cluster::memberUrls, keys, seed * 1_000 + c, () -> System.nanoTime() - t0,
                        (op, acked) -> {
                            history.add(op);
                            if (acked) {
                                ackedWrites.add(new long[] {op.call(), op.ret()});
                            }
                        });
                running.add(client);
                Thread t = new Thread(client, "chaos-client-" + c);
                t.start();
                threads.add(t);
            }
            Random pace = new Random(seed);
            List<ChaosReport.FaultSpan> faults = new ArrayList<>();
            Thread.sleep(1_000);
            for (int cycle = 1; cycle <= cycles; cycle++) {
                Nemesis.Fault f = nemesis.start();
                long start = System.nanoTime() - t0; // in force from here: a write sent before may still finish
                // The membership change runs beside the fault, which ends on time whether or not the change is done.
                Integer leader = nemesis.leader();
                java.util.concurrent.CompletableFuture<String> changing = churn == null
                        ? java.util.concurrent.CompletableFuture.completedFuture("")
                        : java.util.concurrent.CompletableFuture.supplyAsync(() -> " " + churn.step(leader));
                Thread.sleep(1_500 + pace.nextInt(1_500)); // past the election timeout
                nemesis.end(f);
                long end = System.nanoTime() - t0;
                String change = changing.join();
                faults.add(new ChaosReport.FaultSpan(cycle, f.description() + change, f.kind().leader, start, end));
                Thread.sleep(1_000 + pace.nextInt(1_000));
                long pending = history.stream().filter(Operation::pending).count();
                System.out.printf("cycle %d/%d  %-44s ops %d (%d writes acknowledged, %d pending)%n", cycle, cycles,
                        f.description() + change, history.size(), ackedWrites.size(), pending);
            }
            nemesis.healAll();
            await("a leader after healing", Duration.ofSeconds(60), () -> nemesis.leader() != null);
            String unfinished = churn == null ? null : churn.finish();
            if (unfinished != null) {
                System.out.println("after healing: " + unfinished);
            }
            Thread.sleep(2_000); // clients work on the healed cluster
            running.forEach(ChaosClient::stop);
            for (Thread t : threads) {
                t.join();
            }
            Convergence converged = Convergence.check(cluster.memberUrls(), keys, () -> System.nanoTime() - t0, history);
            List<Operation> ops = new ArrayList<>(history);
            CheckResult check = Checker.check(new KvModel(), ops, Duration.ofSeconds(60));
            History.write(out.resolve("history.json"), "kv", ops);
            if (check.firstIllegal() != null) {
                HtmlReport.write(out.resolve("linearizability.html"), new KvModel(), check);
            }
            List<Long> recovery = ChaosReport.recoveryTimes(faults, ackedWrites);
            ChaosReport report = new ChaosReport(cycles, nodes, clients, seed, ops, faults, check, converged, recovery,
                    (System.nanoTime() - t0) / 1e9);
            report.write(out);
            System.out.println(report.summary());
            boolean ok = check.verdict() == Verdict.LINEARIZABLE && converged.ok();
            return ok ? 0 : 1;
        }
    }

    static void await(String what, Duration patience, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + patience.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }
}
