package raftlab.tester.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a server looked like after one event, as far as the trace shows it. {@code role} is
 * {@code leader} when the peer said so, {@code candidate} from the RequestVotes it sent in its term
 * (the contract does not expose candidacy), {@code follower} otherwise, and {@code down} while
 * crashed. Log fields are -1 for peers without a log view (lab 1). {@code votedFor} comes from the
 * votes it granted on the wire and from its persisted hard state.
 */
public record NodeState(String role, boolean up, boolean connected, String group, long term, int votedFor,
                        long last, long lastTerm, long commit, long base, long applied,
                        long durableTerm, int durableVote, long durableLast) {

    static final NodeState INITIAL = new NodeState("down", false, false, "", 0, -1, -1, -1, -1, -1, 0, -1, -1, -1);

    NodeState withRole(String r) {
        return new NodeState(r, up, connected, group, term, votedFor, last, lastTerm, commit, base, applied,
                durableTerm, durableVote, durableLast);
    }

    NodeState withUp(boolean u, String r) {
        return new NodeState(r, u, connected, group, term, votedFor, last, lastTerm, commit, base, applied,
                durableTerm, durableVote, durableLast);
    }

    NodeState withLink(boolean c, String g) {
        return new NodeState(role, up, c, g, term, votedFor, last, lastTerm, commit, base, applied,
                durableTerm, durableVote, durableLast);
    }

    /** A new term forgets the vote of the old one. */
    NodeState withTerm(long t) {
        return t == term ? this : new NodeState(role, up, connected, group, t, -1, last, lastTerm, commit, base, applied,
                durableTerm, durableVote, durableLast);
    }

    NodeState withVote(long t, int candidate) {
        NodeState s = withTerm(Math.max(t, term));
        return s.term != t ? s : new NodeState(s.role, up, connected, group, s.term, candidate, last, lastTerm, commit,
                base, applied, durableTerm, durableVote, durableLast);
    }

    NodeState withLog(long l, long lt, long c, long b, long a) {
        return new NodeState(role, up, connected, group, term, votedFor, l, lt, c, b, a, durableTerm, durableVote, durableLast);
    }

    NodeState withDurable(long t, int v, long l) {
        return new NodeState(role, up, connected, group, term, votedFor, last, lastTerm, commit, base, applied, t, v, l);
    }

    /** The fields as the viewer shows them (absent ones left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("up", up);
        m.put("connected", connected);
        if (!group.isEmpty()) {
            m.put("partition", group);
        }
        m.put("term", term);
        m.put("votedFor", votedFor < 0 ? "none" : "S" + votedFor);
        if (last >= 0) {
            m.put("lastLogIndex", last);
            m.put("lastLogTerm", lastTerm);
            m.put("commitIndex", commit);
            m.put("snapshotThrough", base);
        }
        m.put("lastApplied", applied);
        if (durableTerm >= 0) {
            m.put("durable", "term " + durableTerm + ", vote " + (durableVote < 0 ? "none" : "S" + durableVote)
                    + ", log through " + durableLast);
        }
        return m;
    }
}
