package raftlab.tester.harness;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import raftlab.raft.RaftInspection;
import raftlab.tester.monitor.VoteWire;

/** Every campaign's votes: the latest campaign of each candidate, and how many it ran. */
final class Campaigns {
    private record Campaign(long term, Map<Integer, String> answers) {
    }

    private final int n;
    private final IntFunction<RaftInspection> inspect;
    private final Campaign[] latest;
    private final int[] count;
    private final long[] firstTerm;

    Campaigns(int n, IntFunction<RaftInspection> inspect) {
        this.n = n;
        this.inspect = inspect;
        this.latest = new Campaign[n];
        this.count = new int[n];
        this.firstTerm = new long[n];
    }

    synchronized void asked(int candidate, int voter, Object args) {
        if (!(VoteWire.component(args, "term") instanceof Long term)) {
            return;
        }
        Campaign c = latest[candidate];
        if (c == null || c.term() < term) {
            c = new Campaign(term, new TreeMap<>());
            latest[candidate] = c;
            if (count[candidate]++ == 0) {
                firstTerm[candidate] = term;
            }
        }
        if (c.term() == term) {
            c.answers().putIfAbsent(voter, "no answer");
        }
    }

    /** Reads the voter's log (its lock) before taking this one: see {@link LivenessDiagnosis#describe}. */
    void answered(int voter, Object args, Object reply) {
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
            Campaign c = latest[cand];
            if (c != null && c.term() == term) { // else an answer to an older campaign
                c.answers().put(voter, answer);
            }
        }
    }

    /** "denied: candidate's log is behind" if the voter's log is more up to date, else null. */
    private String logBehind(int voter, Object args) {
        RaftInspection view = inspect.apply(voter);
        if (view == null || !(VoteWire.component(args, "lastLogIndex") instanceof Long ci)
                || !(VoteWire.component(args, "lastLogTerm") instanceof Long ct)) {
            return null;
        }
        long[] last = new long[2];
        view.locked(() -> { // index and term from one moment: the voter's log may be truncated meanwhile
            last[0] = view.lastLogIndex();
            last[1] = view.logTerm(last[0]);
        });
        long vi = last[0];
        long vt = last[1];
        boolean upToDate = ct > vt || ct == vt && ci >= vi;
        return upToDate ? null : "denied: candidate's log ends at term " + ct + " index " + ci
                + ", the voter's at term " + vt + " index " + vi;
    }

    synchronized long latestTerm(int i) {
        return latest[i] == null ? -1 : latest[i].term();
    }

    synchronized int count(int i) {
        return count[i];
    }

    synchronized String describe(int i) {
        Campaign c = latest[i];
        if (c == null) {
            return "\n        never asked for a vote";
        }
        StringBuilder b = new StringBuilder("\n        ").append(count[i]).append(count[i] == 1 ? " campaign" : " campaigns")
                .append(count[i] > 1 ? " (terms " + firstTerm[i] + "–" + c.term() + ")" : "")
                .append("; latest, term ").append(c.term()).append(":");
        long granted = c.answers().values().stream().filter("granted"::equals).count();
        for (int v = 0; v < n; v++) {
            if (v != i) {
                b.append(" S").append(v).append(' ').append(c.answers().getOrDefault(v, "not asked")).append(';');
            }
        }
        b.append(" (").append(granted + 1).append(" of ").append(n).append(" votes with its own)");
        return b.toString();
    }

    /**
     * Most peers campaigned in one term, nobody granted anything, and votes were refused as already
     * cast: split votes. (Campaigns that got no answers at all are cut off, not split.)
     */
    synchronized String splitVoteHint() {
        int same = 0;
        long term = -1;
        for (Campaign c : latest) {
            if (c != null && c.answers().values().stream().noneMatch("granted"::equals)
                    && c.answers().values().stream().anyMatch(a -> a.startsWith("denied: already voted"))) {
                if (term == -1 || c.term() == term) {
                    term = c.term();
                    same++;
                }
            }
        }
        return same >= 2 && same * 2 > n
                ? "most peers campaigned in term " + term + " at once and no vote was granted: split votes."
                        + " Are election timeouts randomized, and reset when a vote is granted?"
                : null;
    }

    /** Every recent campaign lost on the log check: only an up-to-date peer can win (§5.4.1). */
    synchronized String logBehindHint() {
        int lost = 0;
        int campaigned = 0;
        for (Campaign c : latest) {
            if (c != null) {
                campaigned++;
                if (c.answers().values().stream().anyMatch(a -> a.startsWith("denied: candidate's log"))) {
                    lost++;
                }
            }
        }
        return campaigned > 0 && lost == campaigned
                ? "every campaign was denied on the log check: only a peer whose log is at least as up to date as a"
                        + " majority's can win (§5.4.1). Do the peers with the newest logs campaign? Is lastLogTerm"
                        + " the term of the last entry (not currentTerm)?"
                : null;
    }
}
