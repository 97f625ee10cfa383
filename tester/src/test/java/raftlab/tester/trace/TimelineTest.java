package raftlab.tester.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace model: lanes, inferred roles, votes, messages from send to loss, the failure, and both views. */
class TimelineTest {
    /** An election in term 1 (S1 wins with S0's vote), a heartbeat, a lost request, S2 crashes, then a failure. */
    private static final String TRACE = String.join("\n",
            "{\"t\":0,\"ev\":\"run\",\"seed\":7,\"mode\":\"sim\"}",
            "{\"t\":0,\"ev\":\"start\",\"node\":\"S0\",\"incarnation\":1}",
            "{\"t\":0,\"ev\":\"start\",\"node\":\"S1\",\"incarnation\":1}",
            "{\"t\":0,\"ev\":\"start\",\"node\":\"S2\",\"incarnation\":1}",
            "{\"t\":300,\"ev\":\"send\",\"id\":1,\"from\":\"S1\",\"to\":\"S0\",\"rpc\":\"RaftRpc.requestVote\",\"bytes\":50,\"reachable\":true,"
                    + "\"args\":{\"term\":1,\"candidateId\":1,\"lastLogIndex\":0,\"lastLogTerm\":0}}",
            "{\"t\":300,\"ev\":\"send\",\"id\":2,\"from\":\"S1\",\"to\":\"S2\",\"rpc\":\"RaftRpc.requestVote\",\"bytes\":50,\"reachable\":true,"
                    + "\"args\":{\"term\":1,\"candidateId\":1,\"lastLogIndex\":0,\"lastLogTerm\":0}}",
            "{\"t\":305,\"ev\":\"deliver\",\"id\":1,\"to\":\"S0\",\"rpc\":\"RaftRpc.requestVote\"}",
            "{\"t\":305,\"ev\":\"handled\",\"id\":1,\"at\":\"S0\",\"rpc\":\"RaftRpc.requestVote\",\"reply\":{\"term\":1,\"voteGranted\":true}}",
            "{\"t\":305,\"ev\":\"state\",\"node\":\"S0\",\"term\":1,\"leader\":false,\"applied\":0}",
            "{\"t\":306,\"ev\":\"fail\",\"id\":2,\"from\":\"S1\",\"rpc\":\"RaftRpc.requestVote\",\"why\":\"request lost\"}",
            "{\"t\":310,\"ev\":\"reply\",\"id\":1,\"from\":\"S0\",\"to\":\"S1\",\"rpc\":\"RaftRpc.requestVote\",\"bytes\":30}",
            "{\"t\":310,\"ev\":\"state\",\"node\":\"S1\",\"term\":1,\"leader\":true,\"last\":0,\"lastTerm\":0,\"commit\":0,\"base\":0,\"applied\":0}",
            "{\"t\":320,\"ev\":\"send\",\"id\":3,\"from\":\"S1\",\"to\":\"S0\",\"rpc\":\"RaftRpc.appendEntries\",\"bytes\":70,\"reachable\":true,"
                    + "\"args\":{\"term\":1,\"leaderId\":1,\"prevLogIndex\":0,\"prevLogTerm\":0,\"entries\":[],\"leaderCommit\":0}}",
            "{\"t\":321,\"ev\":\"persist\",\"node\":\"S0\",\"term\":1,\"vote\":1,\"last\":0}",
            "{\"t\":330,\"ev\":\"crash\",\"node\":\"S2\"}",
            "{\"t\":340,\"ev\":\"log\",\"node\":\"S1\",\"topic\":\"LEAD\",\"msg\":\"still leading\"}",
            "{\"t\":350,\"ev\":\"failure\",\"kind\":\"safety\",\"rule\":\"Election Safety\",\"msg\":\"SAFETY VIOLATION: x\\n  observed: S1 and S2 both lead term 1\","
                    + "\"test\":\"lab1.X\",\"reproduce\":\"./raftlab test lab1 X --seed 7\"}");

    @TempDir
    Path dir;

    private Timeline timeline() throws Exception {
        Path file = dir.resolve("lab1.X-seed7.jsonl");
        Files.writeString(file, TRACE + "\n");
        return Timeline.of(file.toString(), TraceReader.read(file));
    }

    @Test
    void lanesRolesVotesAndMessages() throws Exception {
        Timeline t = timeline();
        assertEquals(List.of("S0", "S1", "S2"), t.lanes().stream().map(Timeline.Lane::name).toList());
        assertEquals(7, t.seed());
        int s0 = t.lane("S0");
        int s1 = t.lane("S1");
        int s2 = t.lane("S2");
        assertEquals("follower", t.stateAfter(s1, 3).role(), "a started peer is a follower");
        assertEquals("candidate", t.stateAfter(s1, 4).role(), "a RequestVote of a newer term makes its sender a candidate");
        assertEquals(1, t.stateAfter(s1, 4).votedFor(), "a candidate votes for itself");
        assertEquals(1, t.stateAfter(s0, 7).votedFor(), "a granted vote shows on the voter");
        assertEquals("leader", t.stateAfter(s1, 11).role());
        assertEquals(1, t.stateAfter(s0, 13).durableVote(), "the persisted vote");
        assertEquals("down", t.stateAfter(s2, 14).role());
        assertEquals("follower", t.stateAfter(s2, 13).role(), "state before the crash");

        List<Timeline.Message> m = t.messages();
        assertEquals(3, m.size());
        assertEquals("ok", m.get(0).outcome());
        assertEquals("vote granted (t1)", m.get(0).reply());
        assertEquals(7, m.get(0).handled());
        assertEquals("request lost", m.get(1).outcome());
        assertEquals(-1, m.get(1).deliver());
        assertEquals(Topics.HEARTBEAT, m.get(2).topic(), "an AppendEntries without entries is a heartbeat");
        assertEquals("pending", m.get(2).outcome());

        Timeline.Failure f = t.failure();
        assertNotNull(f);
        assertEquals("safety", f.kind());
        assertEquals(List.of(s1, s2), f.lanes(), "the servers the message names");
        assertEquals("./raftlab test lab1 X --seed 7", f.reproduce());
        assertTrue(t.entries().stream().anyMatch(e -> e.topic().equals("lead") && e.text().equals("still leading")),
                "a student's log topic is kept, lower-cased");
    }

    @Test
    void columnsFilterByServerTopicAndTime() throws Exception {
        Timeline t = timeline();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ColumnView(t).print(new ColumnView.Options(List.of(t.lane("S1")), Set.of(Topics.VOTE), null, 0, 315, 100, false),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("→ S0 RequestVote t1 last 0@t0"), out);
        assertTrue(out.contains("← S0 vote granted (t1)"), out);
        assertTrue(out.contains("── run: seed 7, sim ──"), "the tester's actions always show:\n" + out);
        assertTrue(!out.contains("heartbeat") && !out.contains("still leading"), "other topics and later times are filtered:\n" + out);
        assertTrue(!out.contains("\u001b["), "no color codes when color is off");
    }

    @Test
    void theTimelinePageEmbedsTheModelAndTheRawLines() throws Exception {
        Path trace = dir.resolve("lab1.X-seed7.jsonl");
        Files.writeString(trace, TRACE + "\n");
        Path page = dir.resolve("out/x.html");
        TimelinePage.write(trace, page);
        String html = Files.readString(page);
        assertTrue(html.contains("\"version\":1") && html.contains("\"failure\":{\"seq\":16"), "the model");
        assertTrue(html.contains("\"reproduce\":\"./raftlab test lab1 X --seed 7\""), "the reproduce command");
        assertTrue(html.contains("{\"t\":340,\"ev\":\"log\",\"node\":\"S1\""), "the raw lines, for the details panel");
        assertTrue(!html.contains("@@MODEL@@") && !html.contains("@@RAW@@"), "every placeholder filled");
    }

    @Test
    void aMalformedTraceIsRefusedWithItsLineNumber() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        List<String> lines = new ArrayList<>(List.of("{\"t\":0,\"ev\":\"run\"}", "{\"t\":1,\"ev\":\"send\"", "x"));
        Files.write(file, lines);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TraceReader.read(file));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not JSON"), e.getMessage());
        Files.writeString(file, "{\"ev\":\"run\"}\n");
        e = assertThrows(IllegalArgumentException.class, () -> TraceReader.read(file));
        assertTrue(e.getMessage().contains("line 1: no numeric \"t\""), e.getMessage());
        Files.writeString(file, "\n");
        assertThrows(IllegalArgumentException.class, () -> TraceReader.read(file));
        assertThrows(IllegalArgumentException.class, () -> TraceReader.read(dir.resolve("missing.jsonl")));
    }

    @Test
    void oddButValidLinesAreShownOrRefusedWithTheirLine() throws Exception {
        Path file = dir.resolve("odd.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"t\":0,\"ev\":\"crash\"}", // no node: nothing to change
                "{\"t\":1,\"ev\":\"send\",\"id\":1,\"from\":\"S0\",\"to\":\"S1\",\"rpc\":\"X.requestVote\",\"args\":{\"term\":{\"a\":1}}}",
                "{\"t\":2,\"ev\":\"log\",\"node\":\"S0\",\"topic\":\"x\",\"msg\":\"@@RAW@@ </script> <!--\"}") + "\n");
        Timeline t = Timeline.of(file.toString(), TraceReader.read(file));
        assertEquals(2, t.lanes().size());
        Path page = dir.resolve("odd.html");
        TimelinePage.write(file, page);
        String html = Files.readString(page);
        assertEquals(1, html.split("\"ev\":\"log\",\"node\":\"S0\"", -1).length - 1,
                "the raw trace is embedded once: a placeholder inside a log line is not filled");
        assertTrue(!html.contains("</script> <!--"), "no trace text can end the page's script blocks");
        assertEquals("a-X-b-@@Y@@-c", TimelinePage.fill("a-@@A@@-b-@@Y@@-c", java.util.Map.of("A", "X")));
    }

    @Test
    void wrapKeepsWordsAndElidesLongTexts() {
        assertEquals(List.of("one two", "three"), ColumnView.wrap("one two three", 8));
        assertEquals(List.of("abcdefgh", "ij"), ColumnView.wrap("abcdefghij", 8));
        List<String> cut = ColumnView.wrap("a b c d e f g h i j k l m n o p", 3);
        assertEquals(4, cut.size());
        assertTrue(cut.get(3).endsWith("…"));
    }
}
