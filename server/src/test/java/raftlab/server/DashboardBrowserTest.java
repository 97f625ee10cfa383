package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.server.client.KvHttpClient;
import raftlab.tester.browser.HeadlessChromium;

/**
 * The dashboard in a real browser: headless Chromium loads {@code /} of a live 3-node cluster and runs
 * its script. The page must name the node that leads and mark its row, show each node's latest log
 * entries with what is applied, draw the role timeline, and list what happened: an election, and a
 * snapshot installed on a follower that was away. CI installs Chromium and sets
 * {@code RAFTLAB_REQUIRE_BROWSER=1}, so there a missing browser fails the test; elsewhere it is
 * skipped without one. With {@code -Draftlab.screenshots=DIR} it also saves the screenshots that
 * docs/cluster.md shows.
 */
class DashboardBrowserTest {
    /** Small, so a follower that misses a few hundred writes must be caught up by InstallSnapshot. */
    static final long MAX_RAFT_STATE = 16 * 1024;

    @TempDir
    Path tmp;

    @Test
    void theDashboardShowsTheLeaderTheLogsAndWhatHappened() throws Exception {
        HeadlessChromium browser = HeadlessChromium.forTest(tmp);
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("data"), 3, MAX_RAFT_STATE);
             KvHttpClient kv = new KvHttpClient(cluster.urls(), 2)) {
            int leader = cluster.awaitLeader();
            kv.findLeader();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, kv.put("greeting-" + i, "hello " + i).status());
            }
            int follower = (leader + 1) % 3;
            // a follower's page shows the leader too; Chromium's virtual time lets the page's fetch and timers complete
            String dom = browser.dumpDom(cluster.url(follower) + "/", 5000);
            Matcher summary = Pattern.compile("Leader: node (\\d+) in term (\\d+)").matcher(dom);
            assertTrue(summary.find(), "the page names no leader:\n" + dom);
            assertEquals(leader, Integer.parseInt(summary.group(1)), dom);
            assertTrue(dom.contains("<tr class=\"leader\" data-node=\"" + leader + "\">"), "the leader's row is marked:\n" + dom);
            assertEquals(2, count(dom, "<tr class=\"follower\""), "two followers listed:\n" + dom);
            assertTrue(dom.contains("voters 0, 1, 2") && count(dom, " · voter</span>") == 3,
                    "the configuration in the summary, and each node a voter:\n" + dom);
            assertTrue(dom.contains("<div class=\"log leader\" data-node=\"" + leader + "\">"), "the leader's log box:\n" + dom);
            assertTrue(count(dom, "<tr class=\"entry applied\"") >= 3 * 5, "every node's log shows the 5 puts applied:\n" + dom);
            assertTrue(Pattern.compile("<td class=\"cmd\" title=\"[^\"]*greeting-4").matcher(dom).find(),
                    "a log entry shows its command (the last put's key):\n" + dom);
            assertTrue(dom.contains("class=\"span leader\""), "the timeline draws the leader's span:\n" + dom);
            assertTrue(dom.contains("data-kind=\"leader\"") && dom.contains("became leader in term"), "the election is in the feed:\n" + dom);
            screenshot(browser, cluster.url(follower), "dashboard.png");

            // A follower misses enough writes to be caught up by the leader's snapshot.
            int away = (leader + 2) % 3;
            cluster.stop(away);
            for (int i = 0; i < 300; i++) {
                assertEquals(200, kv.put("filler-" + i, "x".repeat(100)).status());
            }
            cluster.restart(away);
            try (KvHttpClient back = cluster.clientOf(away)) {
                Awaitility.await("the returning follower serves again").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> back.get("filler-299", false).status() == 200);
            }
            String after = browser.dumpDom(cluster.url(leader) + "/", 3000);
            assertTrue(after.contains("data-kind=\"install\"") && after.contains("installed the leader's snapshot"),
                    "the follower's snapshot install is in the feed:\n" + after);
            assertTrue(after.contains("class=\"snapshot\""), "a log box marks where its snapshot ends:\n" + after);
            screenshot(browser, cluster.url(leader), "dashboard-snapshot-install.png");
        }
    }

    /** Saves a screenshot for the docs when {@code raftlab.screenshots} names a directory. */
    private void screenshot(HeadlessChromium browser, String url, String name) throws Exception {
        String dir = System.getProperty("raftlab.screenshots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            browser.screenshot(url + "/", Path.of(dir).resolve(name), 1280, 1400, 4000);
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
