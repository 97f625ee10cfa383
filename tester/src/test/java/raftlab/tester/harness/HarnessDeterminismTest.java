package raftlab.tester.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.SilentPeer;
import org.junit.jupiter.api.Test;

/** One seed reproduces a whole cluster run, failure included, event for event. */
class HarnessDeterminismTest {

    private static String[] failingRun(long seed) {
        try (LabRun run = new LabRun(seed, Mode.SIM)) {
            RaftCluster c = new RaftCluster(run, 3, SilentPeer::new, false);
            AssertionError e = assertThrows(AssertionError.class, c::checkOneLeader);
            assertTrue(e.getMessage().contains("expected one leader, got none"), e.getMessage());
            return new String[] {run.trace().digest(), Long.toString(run.now()), Long.toString(run.network().totalCount())};
        }
    }

    @Test
    void sameSeedSameTraceDifferentSeedDifferentTrace() {
        String[] a = failingRun(99);
        String[] b = failingRun(99);
        String[] c = failingRun(100);
        assertEquals(a[0], b[0], "same seed must give the same trace digest");
        assertEquals(a[1], b[1]);
        assertEquals(a[2], b[2]);
        assertNotEquals(a[0], c[0], "another seed must give another run");
    }
}
