package raftlab.tester.trace;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import raftlab.labrpc.trace.TraceLog;
import raftlab.tester.trace.Timeline.Entry;
import raftlab.tester.trace.Timeline.Failure;
import raftlab.tester.trace.Timeline.Lane;
import raftlab.tester.trace.Timeline.Message;
import raftlab.tester.trace.Timeline.StateChange;

/**
 * Folds a trace's lines, in one pass, into a {@link Timeline}: each line becomes an entry on its
 * lane; sends, deliveries, handler answers and replies or failures join into one message per call;
 * and each server's state is tracked — from its own state lines, the votes and leaders it accepted
 * on the wire, its persists, the tester's crashes and partitions — with candidacy inferred from the
 * RequestVotes it sends.
 */
final class TimelineBuilder {
    private static final int TESTER = Timeline.TESTER;
    private static final Pattern SERVER = Pattern.compile("\\bS(\\d+)\\b");

    private final String source;
    private final List<TraceLine> lines;
    private final List<Lane> lanes;
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final List<List<StateChange>> states = new ArrayList<>();
    private Failure failure;
    private long seed = -1;
    private String mode = "";
    private long truncated;

    /** Each lane's state as of the line being folded. */
    private final NodeState[] now;
    private final Map<Long, MessageDraft> open = new HashMap<>();
    private final List<MessageDraft> drafts = new ArrayList<>();

    private static final class MessageDraft {
        long id;
        String rpc;
        String topic;
        int from;
        int to;
        int send;
        long sendT;
        int deliver = -1;
        int handled = -1;
        int end = -1;
        String outcome = "pending";
        String request;
        String reply = "";
        JsonObject args;
    }

    TimelineBuilder(String source, List<TraceLine> lines) {
        this.source = source;
        this.lines = lines;
        this.lanes = discoverLanes(lines);
        for (int i = 0; i < lanes.size(); i++) {
            laneIndex.put(lanes.get(i).name(), i);
            states.add(new ArrayList<>());
        }
        this.now = new NodeState[lanes.size()];
    }

    private int lane(String name) {
        Integer i = name == null ? null : laneIndex.get(name);
        return i == null ? TESTER : i;
    }

    private static List<Lane> discoverLanes(List<TraceLine> lines) {
        Set<String> names = new LinkedHashSet<>();
        for (TraceLine l : lines) {
            for (String field : new String[] {"node", "from", "to", "at", "clerk"}) {
                String v = l.str(field);
                if (v != null && v.matches("[SC]\\d+")) {
                    names.add(v);
                }
            }
        }
        List<Lane> out = new ArrayList<>();
        names.stream().sorted(Comparator.comparing((String s) -> s.charAt(0) == 'S' ? 0 : 1)
                        .thenComparingInt(s -> Integer.parseInt(s.substring(1))))
                .forEach(s -> out.add(new Lane(s, s.startsWith("S") ? "server" : "client")));
        return out;
    }

    Timeline build() {
        java.util.Arrays.fill(now, NodeState.INITIAL);
        for (TraceLine l : lines) {
            try {
                fold(l);
            } catch (RuntimeException e) { // valid JSON, but not what the tester writes: say where
                throw new IllegalArgumentException(source + " line " + (l.seq() + 1) + ": a '" + l.ev()
                        + "' event this viewer cannot read (" + e + "); is this a RaftLab trace?", e);
            }
        }
        for (MessageDraft d : drafts) {
            messages.add(new Message(d.id, d.rpc, d.topic, d.from, d.to, d.send, d.deliver, d.handled, d.end,
                    d.outcome, d.request, d.reply));
        }
        return new Timeline(source, lanes, entries, messages, states, failure, seed, mode, truncated,
                lines.get(lines.size() - 1).t());
    }

    private void entry(TraceLine l, int lane, String topic, String text) {
        entries.add(new Entry(l.seq(), l.t(), lane, topic, text, l.ev()));
    }

    private void set(int lane, TraceLine l, NodeState s) {
        if (lane >= 0 && !s.equals(now[lane])) {
            now[lane] = s;
            states.get(lane).add(new StateChange(l.seq(), s));
        }
    }

    /** Changes a server's state; a line naming no known server changes nothing. */
    private void update(int lane, TraceLine l, java.util.function.UnaryOperator<NodeState> change) {
        if (lane >= 0) {
            set(lane, l, change.apply(now[lane]));
        }
    }

    private void fold(TraceLine l) {
        int node = lane(l.str("node"));
        switch (l.ev()) {
            case "run" -> {
                seed = l.num("seed", -1);
                mode = String.valueOf(l.str("mode"));
                entry(l, TESTER, Topics.TEST, "run: seed " + seed + ", " + mode);
            }
            case "truncated" -> {
                truncated = l.num("dropped", 0);
                entry(l, TESTER, Topics.TEST, truncated + " events cut here (" + l.num("bytes", 0) / (1 << 20)
                        + " MiB): a trace keeps the run's beginning and its end, " + TraceLog.DEFAULT_MAX_BYTES / (1 << 20)
                        + " MiB in all");
            }
            case "start" -> {
                if (node >= 0) {
                    update(node, l, s -> s.withUp(true, "follower"));
                }
                entry(l, node, Topics.TEST, "starts #" + l.num("incarnation", 1));
            }
            case "crash" -> {
                update(node, l, s -> s.withUp(false, "down"));
                entry(l, node, Topics.TEST, "crashes");
            }
            case "wipe" -> entry(l, node, Topics.TEST, "disk wiped");
            case "connect" -> {
                update(node, l, s -> s.withLink(true, ""));
                entry(l, node, Topics.TEST, "connected");
            }
            case "disconnect" -> {
                update(node, l, s -> s.withLink(false, ""));
                entry(l, node, Topics.TEST, "disconnected");
            }
            case "partition" -> partition(l);
            case "heal" -> {
                for (int i = 0; i < now.length; i++) {
                    if (lanes.get(i).kind().equals("server")) {
                        update(i, l, s -> s.withLink(true, ""));
                    }
                }
                entry(l, TESTER, Topics.TEST, "heal: every server connected");
            }
            case "link-up", "link-down" -> entry(l, TESTER, Topics.TEST, "link " + l.str("a") + "–" + l.str("b")
                    + (l.ev().equals("link-up") ? " up" : " down"));
            case "reliable" -> entry(l, TESTER, Topics.TEST, l.bool("on") ? "network reliable" : "network unreliable");
            case "send" -> send(l);
            case "deliver" -> draft(l).ifPresent(d -> d.deliver = l.seq());
            case "handled" -> handled(l);
            case "reply" -> draft(l).ifPresent(d -> {
                d.end = l.seq();
                d.outcome = "ok";
                entry(l, d.from, d.topic, "← " + name(d.to) + " " + d.reply);
            });
            case "fail" -> draft(l).ifPresent(d -> {
                d.end = l.seq();
                d.outcome = String.valueOf(l.str("why"));
                entry(l, d.from, Topics.DROP, "✗ " + name(d.to) + " " + RpcText.shortName(d.rpc) + ": " + d.outcome);
            });
            case "hold" -> draft(l).ifPresent(d -> entry(l, TESTER, Topics.TEST, "holds " + name(d.to) + "'s reply to "
                    + name(d.from) + " (" + RpcText.shortName(d.rpc) + ")"));
            case "log" -> entry(l, node, Topics.ofLog(l.str("topic")), String.valueOf(l.str("msg")));
            case "state" -> state(l, node);
            case "persist" -> {
                update(node, l, s -> s.withDurable(l.num("term", 0), (int) l.num("vote", -1), l.num("last", 0)));
                long vote = l.num("vote", -1);
                entry(l, node, Topics.PERSIST, "persist: term " + l.num("term", 0) + ", vote "
                        + (vote < 0 ? "none" : "S" + vote) + ", log through " + l.num("last", 0));
            }
            case "compact" -> entry(l, node, Topics.SNAPSHOT, "snapshot through " + l.num("index", 0) + "@t"
                    + l.num("term", 0) + " saved (" + l.num("bytes", 0) + " bytes); log compacted");
            case "apply-snapshot" -> entry(l, node, Topics.SNAPSHOT, "applies snapshot through " + l.num("index", 0)
                    + "@t" + l.num("term", 0));
            case "op" -> entry(l, lane(l.str("clerk")), Topics.CLIENT, "calls " + l.str("op") + " '" + l.str("key") + "'"
                    + (l.str("value") == null ? "" : " = '" + RpcText.clip(l.str("value")) + "'") + " (#" + l.num("n", 0) + ")");
            case "op-done" -> entry(l, lane(l.str("clerk")), Topics.CLIENT, "returns " + l.str("status")
                    + (l.str("value") == null ? "" : " '" + RpcText.clip(l.str("value")) + "'") + " (#" + l.num("n", 0) + ")");
            case "failure" -> failure(l);
            default -> entry(l, node, Topics.TEST, l.ev() + scalars(l));
        }
    }

    private String scalars(TraceLine l) {
        StringBuilder b = new StringBuilder();
        l.json().entrySet().forEach(e -> {
            if (!e.getKey().equals("t") && !e.getKey().equals("ev") && !e.getKey().equals("node")
                    && e.getValue().isJsonPrimitive()) {
                b.append(' ').append(e.getKey()).append('=').append(e.getValue().getAsString());
            }
        });
        return b.toString();
    }

    private void partition(TraceLine l) {
        Set<Integer> side = new java.util.HashSet<>();
        Matcher m = Pattern.compile("\\d+").matcher(String.valueOf(l.str("side")));
        while (m.find()) {
            side.add(Integer.parseInt(m.group()));
        }
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < now.length; i++) {
            Lane lane = lanes.get(i);
            if (lane.kind().equals("server")) {
                boolean inA = side.contains(Integer.parseInt(lane.name().substring(1)));
                (inA ? a : b).add(lane.name());
                update(i, l, s -> s.withLink(true, inA ? "A" : "B"));
            }
        }
        entry(l, TESTER, Topics.TEST, "partition " + a + " | " + b);
    }

    private java.util.Optional<MessageDraft> draft(TraceLine l) {
        return java.util.Optional.ofNullable(open.get(l.num("id", -1)));
    }

    private void send(TraceLine l) {
        MessageDraft d = new MessageDraft();
        d.id = l.num("id", -1);
        d.rpc = String.valueOf(l.str("rpc"));
        d.from = lane(l.str("from"));
        d.to = lane(l.str("to"));
        d.send = l.seq();
        d.sendT = l.t();
        d.args = l.obj("args");
        boolean fromClient = d.from >= 0 && lanes.get(d.from).kind().equals("client");
        d.topic = RpcText.topic(d.rpc, d.args, fromClient);
        d.request = RpcText.request(d.rpc, d.args);
        open.put(d.id, d);
        drafts.add(d);
        boolean preVote = RpcText.bool(d.args, "preVote"); // lab 1's optional part: asks, changes no role or vote
        if (d.from >= 0 && RpcText.shortName(d.rpc).equals("requestVote") && !fromClient && !preVote) {
            long term = RpcText.num(d.args, "term");
            NodeState s = now[d.from];
            if (term >= s.term() && !s.role().equals("leader")) { // a candidate votes for itself
                int self = Integer.parseInt(lanes.get(d.from).name().substring(1));
                set(d.from, l, s.withTerm(term).withRole("candidate").withVote(term, self));
                if (!s.role().equals("candidate") || s.term() != term) {
                    entry(l, d.from, Topics.ROLE, "candidate in term " + term);
                }
            }
        }
        entry(l, d.from, d.topic, "→ " + name(d.to) + " " + d.request + (l.bool("reachable") ? "" : " (unreachable)"));
    }

    private void handled(TraceLine l) {
        MessageDraft d = open.get(l.num("id", -1));
        if (d == null) {
            return;
        }
        JsonObject reply = l.obj("reply");
        d.handled = l.seq();
        d.reply = RpcText.reply(d.rpc, reply);
        long late = l.t() - d.sendT; // a request that waited in the network may be stale by now
        entry(l, d.to, d.topic, name(d.from) + " " + d.request + " → " + d.reply
                + (late > 0 ? " (sent " + late + " ms earlier)" : ""));
        if (d.to < 0 || !lanes.get(d.to).kind().equals("server")) {
            return;
        }
        NodeState s = now[d.to];
        String rpc = RpcText.shortName(d.rpc);
        if (rpc.equals("requestVote") && RpcText.bool(reply, "voteGranted") && !RpcText.bool(d.args, "preVote")) {
            set(d.to, l, s.withVote(RpcText.num(reply, "term"), (int) RpcText.num(d.args, "candidateId"))
                    .withRole(s.term() < RpcText.num(reply, "term") ? "follower" : s.role()));
        } else if ((rpc.equals("appendEntries") || rpc.equals("installSnapshot"))
                && RpcText.num(reply, "term") == RpcText.num(d.args, "term") && !s.role().equals("leader")) {
            set(d.to, l, s.withTerm(RpcText.num(reply, "term")).withRole("follower")); // it accepted a leader of its term
        }
    }

    private void state(TraceLine l, int node) {
        if (node < 0) {
            return;
        }
        NodeState before = now[node];
        long term = l.num("term", 0);
        boolean leader = l.bool("leader");
        NodeState s = before.withTerm(term);
        String role = leader ? "leader"
                : term > before.term() || before.role().equals("leader") || before.role().equals("down") ? "follower"
                : before.role();
        s = s.withUp(true, role).withLog(l.num("last", -1), l.num("lastTerm", -1), l.num("commit", -1), l.num("base", -1),
                l.num("applied", 0));
        set(node, l, s);
        String change = describeChange(before, s);
        if (change != null) { // the wire may have shown the change already (a candidate's RequestVotes)
            entry(l, node, stateTopic(before, s), change);
        }
    }

    private String stateTopic(NodeState a, NodeState b) {
        if (a.term() != b.term() || !a.role().equals(b.role())) {
            return Topics.ROLE;
        }
        if (a.commit() != b.commit()) {
            return Topics.COMMIT;
        }
        if (a.applied() != b.applied()) {
            return Topics.APPLY;
        }
        if (a.base() != b.base()) {
            return Topics.SNAPSHOT;
        }
        return Topics.APPEND;
    }

    private String describeChange(NodeState a, NodeState b) {
        List<String> parts = new ArrayList<>();
        if (!a.role().equals(b.role()) || a.term() != b.term()) {
            parts.add(b.role().equals("leader") ? "LEADER of term " + b.term() : b.role() + " in term " + b.term());
        }
        if (a.last() != b.last() || a.lastTerm() != b.lastTerm()) {
            parts.add("log ends " + b.last() + "@t" + b.lastTerm());
        }
        if (a.commit() != b.commit()) {
            parts.add("commit " + a.commit() + "→" + b.commit());
        }
        if (a.applied() != b.applied()) {
            parts.add("applied " + a.applied() + "→" + b.applied());
        }
        if (a.base() != b.base() && b.base() > 0) {
            parts.add("snapshot through " + b.base());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private void failure(TraceLine l) {
        String msg = String.valueOf(l.str("msg"));
        List<Integer> named = new ArrayList<>();
        Matcher m = SERVER.matcher(msg);
        while (m.find()) {
            int lane = lane("S" + m.group(1));
            if (lane >= 0 && !named.contains(lane)) {
                named.add(lane);
            }
        }
        failure = new Failure(l.seq(), l.t(), String.valueOf(l.str("kind")), l.str("rule"), msg, List.copyOf(named),
                l.str("reproduce"));
        entry(l, TESTER, Topics.FAILURE, ("safety".equals(l.str("kind")) ? "SAFETY VIOLATION: " : "FAILED: ")
                + msg.lines().findFirst().orElse("").replaceFirst("^SAFETY VIOLATION: ", ""));
    }

    private String name(int lane) {
        return lane < 0 ? "?" : lanes.get(lane).name();
    }
}
