package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.List;
import raftlab.tester.monitor.VoteWire;

/** What each leader last sent each follower and what came back. */
final class LeaderProgress {
    /** What the follower last handled from this leader. */
    private record Handled(long term, long prevLogIndex, int entries, long at) {
    }

    private record Answer(long term, boolean success, long conflictTerm, long conflictIndex, long at, int rejectedInARow) {
    }

    private final long[][] lastSent;
    private final Handled[][] handled;
    private final Answer[][] answers;

    LeaderProgress(int n) {
        this.lastSent = new long[n][n];
        this.handled = new Handled[n][n];
        this.answers = new Answer[n][n];
    }

    synchronized void sent(int leader, int follower, long at) {
        lastSent[leader][follower] = at;
    }

    synchronized void answered(int follower, Object args, Object reply, long at) {
        if (!(VoteWire.component(args, "leaderId") instanceof Integer leader) || leader < 0 || leader >= handled.length
                || !(VoteWire.component(reply, "term") instanceof Long term)) {
            return;
        }
        if (VoteWire.component(args, "term") instanceof Long t && VoteWire.component(args, "prevLogIndex") instanceof Long prev
                && VoteWire.component(args, "entries") instanceof List<?> entries) {
            handled[leader][follower] = new Handled(t, prev, entries.size(), at);
        }
        boolean ok = Boolean.TRUE.equals(VoteWire.component(reply, "success"));
        Answer before = answers[leader][follower];
        int rejected = ok ? 0 : (before == null || before.success() ? 1 : before.rejectedInARow() + 1);
        answers[leader][follower] = new Answer(term, ok, VoteWire.component(reply, "conflictTerm") instanceof Long ct ? ct : 0,
                VoteWire.component(reply, "conflictIndex") instanceof Long ci ? ci : 0, at, rejected);
    }

    synchronized String describe(int leader, long term, long[] matchIndex, long now) {
        StringBuilder b = new StringBuilder("\n        as leader of term ").append(term).append(", per follower:");
        for (int f = 0; f < handled.length; f++) {
            if (f == leader) {
                continue;
            }
            b.append("\n          S").append(f).append(": matchIndex ").append(matchIndex[f]);
            b.append(lastSent[leader][f] == 0 ? ", never sent AppendEntries"
                    : ", last sent AppendEntries " + (now - lastSent[leader][f]) + " ms ago");
            Handled h = handled[leader][f];
            Answer a = answers[leader][f];
            if (h == null || h.term() != term || a == null) {
                b.append(", none handled in this term");
                continue;
            }
            b.append("; last handled ").append(now - h.at()).append(" ms ago (prevLogIndex ").append(h.prevLogIndex())
                    .append(", ").append(h.entries()).append(h.entries() == 1 ? " entry)" : " entries)");
            if (a.success()) {
                b.append(", answered ok");
            } else {
                b.append(", answered rejected (term ").append(a.term())
                        .append(a.conflictIndex() > 0 || a.conflictTerm() > 0
                                ? ", conflict term " + a.conflictTerm() + " from index " + a.conflictIndex() : "")
                        .append("), ").append(a.rejectedInARow()).append(" rejections in a row");
            }
        }
        return b.toString();
    }

    synchronized List<String> hints() {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < answers.length; l++) {
            for (int f = 0; f < answers.length; f++) {
                Answer a = answers[l][f];
                if (a != null && !a.success() && a.rejectedInARow() >= 20) {
                    out.add("S" + f + " rejected " + a.rejectedInARow() + " AppendEntries from S" + l + " in a row:"
                            + " does nextIndex back up on a rejection (by a whole term with the conflict hints), and is"
                            + " prevLogTerm the term of the entry at prevLogIndex?");
                }
            }
        }
        return out;
    }
}
