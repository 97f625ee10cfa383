package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;

/**
 * A planned stop of the leader (SIGTERM: {@code raftlab-node}'s shutdown hook) hands leadership to a
 * caught-up follower first (Raft thesis §3.10), while a client keeps writing: every acknowledged
 * write survives, and the longest pause the writer sees is printed beside that of a stop without it.
 */
class LeadershipHandOverTest {
    @TempDir
    Path tmp;

    /** Acknowledged writes, in order, with the time each was acknowledged. */
    private record Ack(String key, long atNanos) {
    }

    /** One client writing w0, w1, ... as fast as the cluster acknowledges, until stopped. */
    private static final class Writer implements AutoCloseable {
        final List<Ack> acked = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Writer(List<String> urls) {
            thread = new Thread(() -> {
                try (KvHttpClient client = new KvHttpClient(urls, 2)) {
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            if (client.put("w" + i, "v" + i).status() == 200) {
                                synchronized (acked) {
                                    acked.add(new Ack("w" + i, System.nanoTime()));
                                }
                            }
                        } catch (RuntimeException unreachable) {
                            // the stopped node: the client moves on to the next one
                        }
                    }
                }
            }, "writer");
            thread.start();
        }

        int count() {
            synchronized (acked) {
                return acked.size();
            }
        }

        /** The longest time between two acknowledgements after {@code fromNanos}, in ms. */
        long longestPauseAfter(long fromNanos) {
            synchronized (acked) {
                long longest = 0;
                for (int i = 1; i < acked.size(); i++) {
                    if (acked.get(i).atNanos() > fromNanos) {
                        longest = Math.max(longest, acked.get(i).atNanos() - acked.get(i - 1).atNanos());
                    }
                }
                return longest / 1_000_000;
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    @Test
    void aStoppingLeaderHandsOverAndEveryAcknowledgedWriteSurvives() throws Exception {
        long withHandOver = stopTheLeaderUnderLoad(tmp.resolve("handover"), true);
        long without = stopTheLeaderUnderLoad(tmp.resolve("plain"), false);
        System.out.println("  longest pause between acknowledged writes when the leader stops: " + withHandOver
                + " ms with a hand-over, " + without + " ms without");
    }

    /** Stops the leader while a client writes; returns the longest pause the client saw from then on. */
    private static long stopTheLeaderUnderLoad(Path dir, boolean handOver) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            long stoppedAt;
            int old;
            long term;
            Writer writer = new Writer(cluster.urls());
            try (writer) {
                Awaitility.await("writes before the stop").atMost(Duration.ofSeconds(10)).until(() -> writer.count() >= 50);
                old = cluster.awaitLeader(); // now, not before the writes: leadership may have moved meanwhile
                term = cluster.node(old).raft().state().term();
                stoppedAt = System.nanoTime();
                if (handOver) {
                    String said = cluster.node(old).handOverLeadership(Duration.ofSeconds(2));
                    assertTrue(said != null && said.startsWith("handed leadership over"), "node " + old + ": " + said);
                    assertTrue(!cluster.node(old).raft().state().leader(), "node " + old + " still leads after handing over");
                    int from = old;
                    Awaitility.await("another node leads, before the old leader stops").atMost(Duration.ofSeconds(5))
                            .until(() -> leaderOtherThan(cluster, from) >= 0);
                }
                cluster.stop(old);
                int after = writer.count();
                Awaitility.await("writes after the stop").atMost(Duration.ofSeconds(15)).until(() -> writer.count() >= after + 50);
            }
            int now = cluster.awaitLeader();
            assertTrue(cluster.node(now).raft().state().term() > term, "the new leader's term should be above " + term);
            try (KvHttpClient reader = new KvHttpClient(List.of(cluster.url(now)), 2)) {
                for (Ack a : writer.acked) {
                    assertEquals("v" + a.key().substring(1), reader.get(a.key(), false).field("value"),
                            a.key() + " was acknowledged before or after the " + (handOver ? "hand-over" : "stop") + " but is lost");
                }
            }
            return writer.longestPauseAfter(stoppedAt);
        }
    }

    private static int leaderOtherThan(LocalCluster cluster, int old) {
        for (int i = 0; i < 3; i++) {
            if (i != old && cluster.node(i).raft().state().leader()) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aFollowerHasNothingToHandOver() {
        try (LocalCluster cluster = new LocalCluster(tmp, 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            int leader = cluster.awaitLeader();
            assertNull(cluster.node((leader + 1) % 3).handOverLeadership(Duration.ofSeconds(1)));
        }
    }
}
