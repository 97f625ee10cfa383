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
    void digestCoversEveryLineAndTheCapKeepsTheBeginningAndTheEnd(@TempDir Path dir) throws Exception {
        TraceLog a = new TraceLog(() -> 7, 240); // the first 30 bytes, then about 210 from the end
        TraceLog b = new TraceLog(() -> 7, 240);
        for (int i = 0; i < 40; i++) {
            a.event("e").put("i", i).emit();
            b.event("e").put("i", i == 5 ? 99 : i).emit();
        }
        assertNotEquals(a.digest(), b.digest(), "a difference in the cut middle must still change the digest");
        Path file = dir.resolve("a.jsonl");
        a.writeTo(file);
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).contains("\"i\":0"), "the beginning is kept: " + lines);
        assertTrue(lines.get(1).startsWith("{\"t\":7,\"ev\":\"truncated\",\"dropped\":"), "the cut is marked: " + lines);
        assertTrue(lines.get(lines.size() - 1).contains("\"i\":39"), "the end is kept: " + lines);
        assertTrue(Files.size(file) <= 240 + 80, "about the cap: " + Files.size(file) + " bytes");
    }
}
