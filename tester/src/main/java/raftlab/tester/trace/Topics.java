package raftlab.tester.trace;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an event is about, for filtering and color. The built-in topics below cover every event the
 * network and tester write; a student's {@code runtime.log(topic, ...)} line keeps its own topic.
 */
public final class Topics {
    public static final String VOTE = "vote";
    public static final String APPEND = "append";
    public static final String HEARTBEAT = "heartbeat";
    public static final String SNAPSHOT = "snapshot";
    public static final String ROLE = "role";
    public static final String COMMIT = "commit";
    public static final String APPLY = "apply";
    public static final String PERSIST = "persist";
    public static final String CLIENT = "client";
    public static final String DROP = "drop";
    public static final String TEST = "test";
    public static final String RPC = "rpc";
    public static final String FAILURE = "failure";

    /** Built-in topics with their meaning (for {@code --help} and the docs) and an ANSI color. */
    private static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(VOTE, new String[] {"RequestVote calls and answers", "33"});
        KNOWN.put(APPEND, new String[] {"AppendEntries carrying entries; log growth", "36"});
        KNOWN.put(HEARTBEAT, new String[] {"AppendEntries without entries", "2;36"});
        KNOWN.put(SNAPSHOT, new String[] {"InstallSnapshot, compaction, snapshots applied", "35"});
        KNOWN.put(ROLE, new String[] {"term and role changes (follower, candidate, leader)", "1;32"});
        KNOWN.put(COMMIT, new String[] {"commit index moves", "32"});
        KNOWN.put(APPLY, new String[] {"entries applied", "2;32"});
        KNOWN.put(PERSIST, new String[] {"state made durable (sync)", "34"});
        KNOWN.put(CLIENT, new String[] {"clerk operations and their RPCs (labs 4-5)", "94"});
        KNOWN.put(DROP, new String[] {"calls that got no reply, and why", "31"});
        KNOWN.put(TEST, new String[] {"what the tester did: start, crash, partition, heal, ...", "1;37"});
        KNOWN.put(RPC, new String[] {"other RPCs", "37"});
        KNOWN.put(FAILURE, new String[] {"the failure or safety violation that ended the test", "1;41;97"});
    }

    private Topics() {
    }

    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        KNOWN.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** A student's log topic, normalized ({@code "VOTE "} → {@code vote}). */
    static String ofLog(String topic) {
        return topic == null || topic.isBlank() ? "log" : topic.trim().toLowerCase(Locale.ROOT);
    }

    /** The ANSI SGR code for a topic; unknown (student) topics get a stable color of their own. */
    static String ansi(String topic) {
        String[] known = KNOWN.get(topic);
        if (known != null) {
            return known[1];
        }
        int[] palette = {91, 92, 93, 95, 96, 33, 35, 36};
        return Integer.toString(palette[Math.floorMod(topic.hashCode(), palette.length)]);
    }
}
