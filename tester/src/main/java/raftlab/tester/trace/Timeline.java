package raftlab.tester.trace;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace read back as what happened to whom: one lane per server (and per clerk), every event on
 * its lane with a topic and a short text, every RPC as one message from send to reply or loss, each
 * server's state after every change, and the failure that ended the run. The HTML timeline and the
 * terminal columns are both drawn from this one model.
 */
public final class Timeline {
    /** Events on no server's lane (what the tester did) carry this lane. */
    public static final int TESTER = -1;

    public record Lane(String name, String kind) {
    }

    /** One event as shown: its line's position, time and kind ({@code ev}), its lane, topic and words. */
    public record Entry(int seq, long t, int lane, String topic, String text, String ev) {
    }

    /**
     * One RPC: the lines where it was sent, delivered, answered by the handler and ended (reply
     * arrived or call failed); -1 where that never happened. {@code outcome} is {@code ok} or why it failed.
     */
    public record Message(long id, String rpc, String topic, int from, int to, int send, int deliver, int handled,
                          int end, String outcome, String request, String reply) {
    }

    /** The failure that ended the test; {@code lanes} are the servers its message names. */
    public record Failure(int seq, long t, String kind, String rule, String message, List<Integer> lanes,
                          String reproduce) {
    }

    /** A server's state from line {@code seq} on. */
    public record StateChange(int seq, NodeState state) {
    }

    private final String source;
    private final List<Lane> lanes;
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final List<Entry> entries;
    private final List<Message> messages;
    private final List<List<StateChange>> states;
    private final Failure failure;
    private final long seed;
    private final String mode;
    private final long truncated;
    private final long endTime;

    Timeline(String source, List<Lane> lanes, List<Entry> entries, List<Message> messages, List<List<StateChange>> states,
             Failure failure, long seed, String mode, long truncated, long endTime) {
        this.source = source;
        this.lanes = List.copyOf(lanes);
        for (int i = 0; i < lanes.size(); i++) {
            laneIndex.put(lanes.get(i).name(), i);
        }
        this.entries = entries;
        this.messages = messages;
        this.states = states;
        this.failure = failure;
        this.seed = seed;
        this.mode = mode;
        this.truncated = truncated;
        this.endTime = endTime;
    }

    /** Builds the model of a trace's lines; {@code source} names where they came from. */
    public static Timeline of(String source, List<TraceLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no events");
        }
        return new TimelineBuilder(source, lines).build();
    }

    public String source() {
        return source;
    }

    public List<Lane> lanes() {
        return Collections.unmodifiableList(lanes);
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    public List<Message> messages() {
        return Collections.unmodifiableList(messages);
    }

    /** Every change of lane {@code lane}'s state, in order (servers only; clerks have none). */
    public List<StateChange> states(int lane) {
        return Collections.unmodifiableList(states.get(lane));
    }

    public Failure failure() {
        return failure;
    }

    public long seed() {
        return seed;
    }

    public String mode() {
        return mode;
    }

    public long endTime() {
        return endTime;
    }

    /** Events left out at the start because the run was longer than the trace keeps. */
    public long truncated() {
        return truncated;
    }

    /** The lane of a node name, or {@link #TESTER}. */
    public int lane(String name) {
        Integer i = name == null ? null : laneIndex.get(name);
        return i == null ? TESTER : i;
    }

    /** Lane {@code lane}'s state just after line {@code seq} (use {@code seq - 1} for "before"). */
    public NodeState stateAfter(int lane, int seq) {
        List<StateChange> changes = states.get(lane);
        int lo = 0;
        int hi = changes.size() - 1;
        NodeState found = NodeState.INITIAL;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (changes.get(mid).seq() <= seq) {
                found = changes.get(mid).state();
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

}
