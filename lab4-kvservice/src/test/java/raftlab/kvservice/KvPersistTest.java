package raftlab.kvservice;

import raftlab.tester.harness.LabRun;
import raftlab.tester.junit.Graded;
import raftlab.tester.kv.GenericKvTest;

/**
 * Lab 4 graded suite, part 2: the 6.5840 4A tests that restart every server at the end of each
 * round, alone and with a lossy network and partitions. The service must rebuild its state from
 * Raft's durable log, and no acknowledged write may be lost.
 */
class KvPersistTest {

    @Graded(lab = 4, points = 4, description = "One client; every server restarts after each round.")
    void persistOneClient(LabRun run) {
        GenericKvTest.of(1, 5).crashing().run(run, KvLab.factory(), "Test: restarts, one client (4A)");
    }

    @Graded(lab = 4, points = 5, description = "5 clients; every server restarts after each round.")
    void persistConcurrent(LabRun run) {
        GenericKvTest.of(5, 5).crashing().run(run, KvLab.factory(), "Test: restarts, many clients (4A)");
    }

    @Graded(lab = 4, points = 5, description = "5 clients, lossy network; every server restarts after each round.")
    void persistConcurrentUnreliable(LabRun run) {
        GenericKvTest.of(5, 5).unreliable().crashing().run(run, KvLab.factory(), "Test: unreliable net, restarts, many clients (4A)");
    }

    @Graded(lab = 4, points = 5, description = "5 clients, partitions; every server restarts after each round.")
    void persistPartition(LabRun run) {
        GenericKvTest.of(5, 5).crashing().partitioning().run(run, KvLab.factory(), "Test: restarts, partitions, many clients (4A)");
    }

    @Graded(lab = 4, points = 5, description = "5 clients, lossy network, partitions; every server restarts after each round.")
    void persistPartitionUnreliable(LabRun run) {
        GenericKvTest.of(5, 5).unreliable().crashing().partitioning()
                .run(run, KvLab.factory(), "Test: unreliable net, restarts, partitions, many clients (4A)");
    }

    @Graded(lab = 4, points = 5, description = "15 clients on 7 servers share keys (puts, appends, versioned puts, deletes) "
            + "through loss, partitions and restarts; only linearizability is checked.")
    void persistPartitionUnreliableLinearizable(LabRun run) {
        GenericKvTest.of(15, 7).unreliable().crashing().partitioning().sharedKeys()
                .run(run, KvLab.factory(), "Test: unreliable net, restarts, partitions, random keys, linearizability checks (4A)");
    }
}
