package raftlab.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import raftlab.raft.RaftOptions;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.Mode;
import raftlab.tester.harness.RaftCluster;

/**
 * The reference's leadership transfer (thesis §3.10), which the real server uses for planned
 * restarts, in seeded simulation (instructor-only: no lab asks for it, and the edition leaves it out).
 * Each test runs on {@link #SEEDS} seeds, with the options the real server uses.
 */
class LeadershipTransferTest {
    static final int SEEDS = 25;
    /** How long a transfer may take before the reference gives up on it (CompactingNode's timeout, and some). */
    static final long PATIENCE_MS = 3 * RaftCluster.ELECTION_TIMEOUT_MS;

    private static void onSeeds(Consumer<RaftCluster> test) {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try (LabRun run = new LabRun(seed, Mode.SIM)) {
                RaftCluster c = new RaftCluster(run, 3, CompactingNode.factory(), true, RaftOptions.STABLE_LEADER);
                try {
                    test.accept(c);
                    run.check();
                } catch (AssertionError e) {
                    throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + c.describe(), e);
                }
            }
        }
    }

    /** Lets virtual time run until {@code transfer} ends; fails unless it completed (someone else took over). */
    private static void awaitHandOver(RaftCluster c, CompletableFuture<Void> transfer, String what) {
        assertTrue(c.run().awaitUntil(transfer::isDone, PATIENCE_MS) && !transfer.isCompletedExceptionally(),
                what + " did not complete: " + transfer);
    }

    @Test
    void theTargetTakesOverInTheNextTermAndNothingCommittedIsLost() {
        onSeeds(c -> {
            c.one(101, 3, false);
            int leader = c.checkOneLeader();
            long term = c.checkTerms();
            int target = (leader + 1) % 3;
            CompletableFuture<Void> handOver = c.peer(leader).transferLeadership(target);
            awaitHandOver(c, handOver, "the transfer from S" + leader + " to S" + target);
            assertEquals(target, c.checkOneLeader(), "S" + target + " should lead after the transfer");
            assertEquals(term + 1, c.checkTerms(), "a transfer costs exactly one term");
            c.one(102, 3, false); // the new leader commits, and every peer agrees on what was committed
        });
    }

    @Test
    void aLaggingTargetIsBroughtUpToDateFirst() {
        onSeeds(c -> {
            c.one(201, 3, false);
            int leader = c.checkOneLeader();
            int target = (leader + 1) % 3;
            c.disconnect(target);
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = c.one(210 + i, 2, false);
            }
            c.connect(target);
            CompletableFuture<Void> handOver = c.peer(leader).transferLeadership(target);
            awaitHandOver(c, handOver, "the transfer to the lagging S" + target);
            assertEquals(target, c.checkOneLeader());
            assertEquals(3, c.nCommitted(last).servers(), "every peer holds entry " + last + " after the transfer");
        });
    }

    @Test
    void aTransferToAnUnreachablePeerFailsAndTheLeaderLeadsOn() {
        onSeeds(c -> {
            c.one(301, 3, false);
            int leader = c.checkOneLeader();
            long term = c.checkTerms();
            int target = (leader + 1) % 3;
            c.disconnect(target);
            CompletableFuture<Void> handOver = c.peer(leader).transferLeadership(target);
            assertFalse(c.peer(leader).start(302).leader(), "the leader must refuse commands while it hands over");
            assertTrue(c.run().awaitUntil(handOver::isDone, PATIENCE_MS), "the transfer neither completed nor failed");
            assertTrue(handOver.isCompletedExceptionally(), "a transfer to an unreachable peer cannot succeed");
            assertEquals(leader, c.checkOneLeader(), "the leader keeps leading when nobody took over");
            assertEquals(term, c.checkTerms(), "a failed transfer costs no term");
            c.one(303, 2, false); // and it accepts commands again
        });
    }

    @Test
    void onlyTheLeaderTransfersAndOneAtATime() {
        onSeeds(c -> {
            c.one(401, 3, false);
            int leader = c.checkOneLeader();
            int follower = (leader + 1) % 3;
            CompletableFuture<Void> fromFollower = c.peer(follower).transferLeadership(leader);
            assertTrue(fromFollower.isCompletedExceptionally(), "a follower must refuse to transfer leadership");
            c.disconnect(follower);
            CompletableFuture<Void> first = c.peer(leader).transferLeadership(follower);
            CompletableFuture<Void> second = c.peer(leader).transferLeadership((leader + 2) % 3);
            assertTrue(second.isCompletedExceptionally(), "a second transfer while one is under way must be refused");
            assertTrue(c.run().awaitUntil(first::isDone, PATIENCE_MS), "the first transfer neither completed nor failed");
            c.connect(follower);
            CompletableFuture<Void> any = c.peer(c.checkOneLeader()).transferLeadership(-1);
            awaitHandOver(c, any, "a transfer to whoever is most caught up");
            assertTrue(c.checkOneLeader() != leader, "someone else leads after the transfer to -1");
        });
    }
}
