package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.tester.browser.HeadlessChromium;

/**
 * The dashboard in a real browser: headless Chromium loads {@code /}, runs its script against a live
 * 3-node cluster, and the page it renders must name the node that leads and mark its row. CI installs
 * Chromium and sets {@code RAFTLAB_REQUIRE_BROWSER=1}, so there a missing browser fails the test;
 * elsewhere the test is skipped without one.
 */
class DashboardBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void theDashboardShowsTheLeader() throws Exception {
        HeadlessChromium browser = HeadlessChromium.forTest(tmp);
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("data"), 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            int leader = cluster.awaitLeader();
            // a follower's page shows the leader too; Chromium's virtual time lets the page's fetch and timers complete
            String dom = browser.dumpDom(cluster.url((leader + 1) % 3) + "/", 5000);
            Matcher summary = Pattern.compile("Leader: node (\\d+) in term (\\d+)").matcher(dom);
            assertTrue(summary.find(), "the page names no leader:\n" + dom);
            assertEquals(leader, Integer.parseInt(summary.group(1)), dom);
            assertTrue(dom.contains("<tr class=\"leader\" data-node=\"" + leader + "\">"), "the leader's row is marked:\n" + dom);
            assertEquals(2, count(dom, "<tr class=\"follower\""), "two followers listed:\n" + dom);
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
