package raftlab.grading.harness;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import raftlab.grading.monitor.VoteWire;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.raft.RaftInspection;

/**
 * Explains a missing leader: from the wire, each peer's latest campaign (who granted its vote, who
 * denied it and why) and when it last accepted AppendEntries from a leader. Printed with the
 * cluster's state when {@code checkOneLeader} or {@code one} gives up.
 */
final class ElectionDiagnosis {
    private record Campaign(long term, Map<Integer, String> answers) {
    }

    private record Heard(int leader, long term, long at) {
    }

    private final int n;
    private final LongSupplier now;
    private final IntFunction<RaftInspection> inspect;
    private final Campaign[] campaigns;
    private final Heard[] heard;

    ElectionDiagnosis(Network net, int n, LongSupplier now, IntFunction<RaftInspection> inspect) {
        this.n = n;
        this.now = now;
        this.inspect = inspect;
        this.campaigns = new Campaign[n];
        this.heard = new Heard[n];
        net.observe((caller, server, method, args, reply) -> {
            if (!server.startsWith("S")) {
                return;
            }
            int to = Integer.parseInt(server.substring(1));
            if (method.endsWith(".requestVote")) {
                vote(to, args, reply);
            } else if (method.endsWith(".appendEntries") && Boolean.TRUE.equals(VoteWire.component(reply, "success"))
                    && VoteWire.component(args, "leaderId") instanceof Integer leader
                    && VoteWire.component(args, "term") instanceof Long term) {
                synchronized (this) {
                    heard[to] = new Heard(leader, term, now.getAsLong());
                }
            }
        });
    }

    private void vote(int voter, Object args, Object reply) {
        if (!(VoteWire.component(args, "candidateId") instanceof Integer cand)
                || !(VoteWire.component(args, "term") instanceof Long term)
                || !(VoteWire.component(reply, "term") instanceof Long replyTerm) || cand < 0 || cand >= n) {
            return;
        }
        String answer;
        if (Boolean.TRUE.equals(VoteWire.component(reply, "voteGranted"))) {
            answer = "granted";
        } else if (replyTerm > term) {
            answer = "denied: its term " + replyTerm + " is newer";
        } else {
            answer = logBehind(voter, args);
            if (answer == null) {
                answer = "denied: already voted in term " + term;
            }
        }
        synchronized (this) {
            Campaign c = campaigns[cand];
            if (c == null || c.term() != term) {
                c = new Campaign(term, new TreeMap<>());
                campaigns[cand] = c;
            }
            c.answers().put(voter, answer);
        }
    }

    /** "denied: candidate's log is behind" if the voter's log is more up to date, else null. */
    private String logBehind(int voter, Object args) {
        RaftInspection view = inspect.apply(voter);
        if (view == null || !(VoteWire.component(args, "lastLogIndex") instanceof Long ci)
                || !(VoteWire.component(args, "lastLogTerm") instanceof Long ct)) {
            return null;
        }
        long vi = view.lastLogIndex();
        long vt = view.logTerm(vi);
        boolean upToDate = ct > vt || ct == vt && ci >= vi;
        return upToDate ? null : "denied: candidate's log ends at term " + ct + " index " + ci
                + ", the voter's at term " + vt + " index " + vi;
    }

    /** A hint when the pattern is a classic one, or "" (split votes: everyone campaigns in one term). */
    synchronized String hint() {
        int same = 0;
        long term = -1;
        for (Campaign c : campaigns) {
            if (c != null && c.answers().values().stream().noneMatch("granted"::equals)) {
                if (term == -1 || c.term() == term) {
                    term = c.term();
                    same++;
                }
            }
        }
        return same >= 2 && same * 2 > n
                ? "\n    hint: most peers campaigned in term " + term + " at once and no vote was granted: split votes."
                        + " Are election timeouts randomized, and reset when a vote is granted?"
                : "";
    }

    /** Two indented lines for peer i: its latest campaign and when it last heard a leader. */
    synchronized String describe(int i) {
        StringBuilder b = new StringBuilder();
        Campaign c = campaigns[i];
        if (c == null) {
            b.append("\n        never campaigned");
        } else {
            b.append("\n        latest campaign, term ").append(c.term()).append(":");
            for (int v = 0; v < n; v++) {
                if (v != i) {
                    b.append(" S").append(v).append(' ').append(c.answers().getOrDefault(v, "no answer")).append(';');
                }
            }
        }
        Heard h = heard[i];
        b.append("\n        ").append(h == null ? "never accepted AppendEntries from a leader"
                : "last accepted AppendEntries from S" + h.leader() + " (term " + h.term() + ") "
                        + (now.getAsLong() - h.at()) + " ms ago");
        return b.toString();
    }
}
