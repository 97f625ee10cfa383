package raftlab.tester.trace;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Short words for an RPC and its answer, read by the field names of Figures 2 and 13 (the course's
 * messages use them), so a line says "heartbeat t3 prev 4@t2 commit 4" instead of a JSON object.
 * Unknown RPCs (a student's own, or the KV service's) show their scalar fields.
 */
final class RpcText {
    private RpcText() {
    }

    /** The method without its interface: {@code RaftRpc.requestVote} → {@code requestVote}. */
    static String shortName(String rpc) {
        int dot = rpc == null ? -1 : rpc.lastIndexOf('.');
        return rpc == null ? "?" : rpc.substring(dot + 1);
    }

    /** The topic an RPC belongs to; a heartbeat is an AppendEntries without entries. */
    static String topic(String rpc, JsonObject args, boolean fromClient) {
        if (fromClient) {
            return Topics.CLIENT;
        }
        return switch (shortName(rpc)) {
            case "requestVote" -> Topics.VOTE;
            case "appendEntries" -> entries(args) == 0 ? Topics.HEARTBEAT : Topics.APPEND;
            case "installSnapshot" -> Topics.SNAPSHOT;
            default -> Topics.RPC;
        };
    }

    static int entries(JsonObject args) {
        JsonElement e = args == null ? null : args.get("entries");
        return e != null && e.isJsonArray() ? e.getAsJsonArray().size() : 0;
    }

    static String request(String rpc, JsonObject a) {
        if (a == null) {
            return shortName(rpc);
        }
        return switch (shortName(rpc)) {
            case "requestVote" -> (bool(a, "preVote") ? "PreVote t" : "RequestVote t") + n(a, "term") + " last " + n(a, "lastLogIndex") + "@t" + n(a, "lastLogTerm");
            case "appendEntries" -> appendEntries(a);
            case "installSnapshot" -> "InstallSnapshot t" + n(a, "term") + " through " + n(a, "lastIncludedIndex") + "@t"
                    + n(a, "lastIncludedTerm") + " offset " + n(a, "offset") + ", " + chunkBytes(a) + " bytes"
                    + (bool(a, "done") ? ", last chunk" : "");
            case "execute" -> kvRequest(a);
            default -> shortName(rpc) + scalars(a);
        };
    }

    private static String appendEntries(JsonObject a) {
        int count = entries(a);
        String prev = " prev " + n(a, "prevLogIndex") + "@t" + n(a, "prevLogTerm");
        String commit = " commit " + n(a, "leaderCommit");
        if (count == 0) {
            return "heartbeat t" + n(a, "term") + prev + commit;
        }
        long first = num(a, "prevLogIndex") + 1;
        JsonArray es = a.getAsJsonArray("entries");
        String lastTerm = es.get(count - 1).isJsonObject() ? n(es.get(count - 1).getAsJsonObject(), "term") : "?";
        return "AppendEntries t" + n(a, "term") + prev + " +" + count + (count == 1 ? " entry [" + first + "@t" + lastTerm + "]"
                : " entries [" + first + ".." + (first + count - 1) + ", last @t" + lastTerm + "]") + commit;
    }

    private static String kvRequest(JsonObject a) {
        StringBuilder b = new StringBuilder(str(a, "op").toLowerCase(java.util.Locale.ROOT));
        b.append(" '").append(clip(str(a, "key"))).append('\'');
        if (a.has("value") && !a.get("value").isJsonNull()) {
            b.append(" = '").append(clip(str(a, "value"))).append('\'');
        }
        return b.append(" (client ").append(n(a, "clientId")).append(" #").append(n(a, "seq")).append(')').toString();
    }

    static String reply(String rpc, JsonObject r) {
        if (r == null) {
            return "";
        }
        return switch (shortName(rpc)) {
            case "requestVote" -> (bool(r, "voteGranted") ? "vote granted" : "vote denied") + " (t" + n(r, "term") + ")";
            case "appendEntries" -> bool(r, "success") ? "ok (t" + n(r, "term") + ")"
                    : "rejected (t" + n(r, "term") + (num(r, "conflictIndex") > 0 || num(r, "conflictTerm") > 0
                    ? ", conflict t" + n(r, "conflictTerm") + " from " + n(r, "conflictIndex") : "") + ")";
            case "installSnapshot" -> "holds " + n(r, "received") + " bytes (t" + n(r, "term") + ")";
            case "execute" -> str(r, "status") + (r.has("value") && !r.get("value").isJsonNull()
                    ? " '" + clip(str(r, "value")) + "'" : "");
            default -> scalars(r).trim();
        };
    }

    private static String scalars(JsonObject o) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonPrimitive()) {
                b.append(' ').append(e.getKey()).append('=').append(clip(e.getValue().getAsString()));
            }
        }
        return b.toString();
    }

    private static long chunkBytes(JsonObject a) {
        String data = str(a, "data");
        return data.length() * 3L / 4; // base64
    }

    static String clip(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "…";
    }

    private static String n(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? "?" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static long num(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsLong() : -1;
    }

    static boolean bool(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() && e.getAsBoolean();
    }

    private static String str(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? "" : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }
}
