package raftlab.labrpc.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLogTest {

    @Test
    void linesAreJsonWithEscapedText(@TempDir Path dir) throws Exception {
        TraceLog log = new TraceLog(() -> 42);
        log.event("log").put("msg", "quote \" backslash \\ newline \n tab \t bell \u0007").put("n", 7)
                .put("ok", true).putJson("args", "{\"term\":3}").emit();
        Path file = dir.resolve("t.jsonl");
        log.writeTo(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(42, o.get("t").getAsLong());
        assertEquals("log", o.get("ev").getAsString());
        assertEquals("quote \" backslash \\ newline \n tab \t bell \u0007", o.get("msg").getAsString());
        assertEquals(3, o.getAsJsonObject("args").get("term").getAsInt());
        assertTrue(o.get("ok").getAsBoolean());
    }

    @Test
    void digestCoversEveryLineAndCapacityKeepsTheNewest(@TempDir Path dir) throws Exception {
        TraceLog a = new TraceLog(() -> 0, 2);
        TraceLog b = new TraceLog(() -> 0, 2);
        for (int i = 0; i < 5; i++) {
            a.event("e").put("i", i).emit();
            b.event("e").put("i", i == 0 ? 99 : i).emit();
        }
        assertNotEquals(a.digest(), b.digest(), "an early difference must change the digest even after it was dropped");
        Path file = dir.resolve("a.jsonl");
        a.writeTo(file);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).contains("truncated") && lines.get(0).contains("3"), lines.get(0));
        assertTrue(lines.get(2).contains("\"i\":4"));
    }
}
