package raftlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        String browser = findBrowser();
        try (LocalCluster cluster = new LocalCluster(tmp.resolve("data"), 3, NodeConfig.DEFAULT_MAX_RAFT_STATE)) {
            int leader = cluster.awaitLeader();
            String dom = render(browser, cluster.url((leader + 1) % 3) + "/"); // a follower's page shows the leader too
            Matcher summary = Pattern.compile("Leader: node (\\d+) in term (\\d+)").matcher(dom);
            assertTrue(summary.find(), "the page names no leader:\n" + dom);
            assertEquals(leader, Integer.parseInt(summary.group(1)), dom);
            assertTrue(dom.contains("<tr class=\"leader\" data-node=\"" + leader + "\">"), "the leader's row is marked:\n" + dom);
            assertEquals(2, count(dom, "<tr class=\"follower\""), "two followers listed:\n" + dom);
        }
    }

    /** The DOM after the page's script ran (Chromium's virtual time lets its fetch and timers complete). */
    private String render(String browser, String url) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url)
                .redirectError(tmp.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(tmp.resolve("chromium.log")));
        return dom;
    }

    private static String findBrowser() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        boolean required = "1".equals(System.getenv("RAFTLAB_REQUIRE_BROWSER"));
        if (required) {
            throw new AssertionError("RAFTLAB_REQUIRE_BROWSER=1 but no chromium on the PATH (apt-get install -y chromium)");
        }
        Assumptions.abort("no chromium on the PATH; install it (apt-get install -y chromium) to run the browser test");
        return null;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
