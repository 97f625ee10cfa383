package raftlab.tester.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import fixtures.FixtureRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import raftlab.tester.browser.HeadlessChromium;

/**
 * The timeline viewer in a real browser, on the page a failing test wrote itself: a graded test
 * whose peers S0 and S1 both lead term 1 fails Election Safety, and headless Chromium opens the
 * timeline page it left. The page must load without error, jump to the failure and name S0 and S1,
 * and real click events on its canvas (the page's self-test) must select a message and the failure,
 * with the node's state before and after in the details panel.
 */
class TimelineBrowserTest {
    @TempDir
    static Path dir;
    private static Path page;

    @BeforeAll
    static void aFailingRunWritesItsTimeline() {
        assertEquals(1, FixtureRuns.run("twoLeaders", 3, dir).failed().count());
        page = dir.resolve("lab1.TwoLeaders-seed3.html");
        assertTrue(Files.exists(page), "the failing test wrote its timeline page");
    }

    @Test
    void thePageJumpsToTheViolationAndClicksSelectEvents() throws Exception {
        HeadlessChromium browser = HeadlessChromium.forTest(dir);
        String dom = browser.dumpDom(page.toUri() + "#selftest", 10_000);
        JsonObject status = json(dom, "raftlab-status");
        assertTrue(status.get("ok").getAsBoolean(), "the page loaded without error: " + status);
        assertEquals(3, status.get("lanes").getAsInt(), status.toString());
        assertTrue(status.get("failureShown").getAsBoolean(), "the view opens on the failure: " + status);
        JsonArray named = status.getAsJsonArray("failureLanes");
        assertTrue(named.toString().contains("S0") && named.toString().contains("S1"), "the two leaders are highlighted: " + named);
        assertTrue(status.get("arrowsDrawn").getAsInt() > 0, "heartbeats drawn as arrows: " + status);

        JsonObject selected = status.getAsJsonObject("selected");
        assertNotNull(selected, "the failure is selected on load");
        assertTrue(selected.get("text").getAsString().contains("Election Safety"), selected.toString());
        assertTrue(dom.contains("SAFETY VIOLATION: Election Safety"), "the panel shows the violation's message");

        JsonObject selftest = json(dom, "raftlab-selftest");
        JsonObject message = selftest.getAsJsonObject("clickedMessage");
        assertEquals(message.get("expectedSeq"), message.get("selectedSeq"), "a click on an arrow selects its message: " + selftest);
        JsonObject failure = selftest.getAsJsonObject("clickedFailure");
        assertEquals(failure.get("expectedSeq"), failure.get("selectedSeq"), "a click on the failure selects it: " + selftest);
    }

    @Test
    void anEventShowsItsNodesStateBeforeAndAfter() throws Exception {
        HeadlessChromium browser = HeadlessChromium.forTest(dir);
        int becomesLeader = seqOf("\"ev\":\"state\",\"node\":\"S1\",\"term\":1,\"leader\":true");
        String dom = browser.dumpDom(page.toUri() + "#seq=" + becomesLeader, 10_000);
        JsonObject selected = json(dom, "raftlab-status").getAsJsonObject("selected");
        assertEquals(becomesLeader, selected.get("seq").getAsInt(), selected.toString());
        assertEquals("S1", selected.get("lane").getAsString());
        assertEquals("leader", selected.getAsJsonObject("after").get("role").getAsString(), selected.toString());
        assertTrue(!selected.getAsJsonObject("before").get("role").getAsString().equals("leader"), selected.toString());
        assertTrue(dom.contains("data-selected-seq=\"" + becomesLeader + "\""), "the selection is in the DOM");
    }

    /** The position (seq) of the first trace line containing {@code fragment}. */
    private static int seqOf(String fragment) throws Exception {
        var lines = Files.readAllLines(dir.resolve("lab1.TwoLeaders-seed3.jsonl"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + fragment);
    }

    /** The JSON the page wrote into {@code <pre id=...>}. */
    private static JsonObject json(String dom, String id) {
        Matcher m = Pattern.compile("<pre id=\"" + id + "\"[^>]*>(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "no #" + id + " in the page:\n" + dom.substring(0, Math.min(3000, dom.length())));
        String text = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
