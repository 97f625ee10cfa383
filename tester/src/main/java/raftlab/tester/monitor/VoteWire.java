package raftlab.tester.monitor;

import java.lang.reflect.RecordComponent;
import java.util.function.LongSupplier;
import raftlab.labrpc.net.Network;

/**
 * Feeds {@link VoteOncePerTerm} from the wire: every RequestVote a handler answered with a granted
 * vote. The course's RequestVote messages are records with Figure 2's field names
 * ({@code candidateId}, {@code term}, {@code voteGranted}, and {@code preVote} for the pre-votes of
 * lab 1's optional part, which cast none); the grader reads them by those names, so it needs no lab's
 * classes.
 */
public final class VoteWire {
    private VoteWire() {
    }

    /** Observes {@code network}; returns the monitor that fails the run on a second vote in one term. */
    public static Monitor watch(Network network, LongSupplier now) {
        VoteOncePerTerm votes = new VoteOncePerTerm();
        network.observe((caller, server, method, args, reply) -> {
            if (!method.endsWith(".requestVote") || !Boolean.TRUE.equals(component(reply, "voteGranted"))) {
                return;
            }
            Object term = component(reply, "term");
            if (Boolean.TRUE.equals(component(args, "preVote"))) { // lab 1's optional part: a grant casts no vote...
                if (term instanceof Long t && component(args, "term") instanceof Long asked && t >= asked) {
                    votes.preVoteMovedTerm(ServerNames.index(server, Integer.MAX_VALUE), asked, t, now.getAsLong());
                } // ...and the voter stays below the term it was asked about
                return;
            }
            Object candidate = component(args, "candidateId");
            int voter = ServerNames.index(server, Integer.MAX_VALUE);
            if (term instanceof Long t && candidate instanceof Integer cand && voter >= 0) {
                votes.granted(voter, cand, t, now.getAsLong());
            }
        });
        return votes.asMonitor();
    }

    /**
     * Feeds {@code monitors} every successful AppendEntries reply (peer, term, last index and its
     * term), read by Figure 2's field names like the votes.
     */
    public static void watchAcks(Network network, LogMonitors monitors) {
        network.observe((caller, server, method, args, reply) -> {
            if (!method.endsWith(".appendEntries") || !Boolean.TRUE.equals(component(reply, "success"))
                    || ServerNames.index(server, Integer.MAX_VALUE) < 0) {
                return;
            }
            if (component(args, "term") instanceof Long term && component(args, "prevLogIndex") instanceof Long prev
                    && component(args, "prevLogTerm") instanceof Long prevTerm
                    && component(args, "entries") instanceof java.util.List<?> entries) {
                long lastTerm = prevTerm;
                if (!entries.isEmpty() && component(entries.get(entries.size() - 1), "term") instanceof Long t) {
                    lastTerm = t;
                }
                monitors.acknowledged(ServerNames.index(server, Integer.MAX_VALUE), term, prev + entries.size(), lastTerm);
            }
        });
    }

    /** A record's component by name (the course's RPC messages are records), or null. */
    public static Object component(Object record, String name) {
        if (record == null || !record.getClass().isRecord()) {
            return null;
        }
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                try {
                    c.getAccessor().setAccessible(true);
                    return c.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
