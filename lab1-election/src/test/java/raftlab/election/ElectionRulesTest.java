package raftlab.election;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static raftlab.election.ElectionTester.cluster;

import java.util.ArrayList;
import java.util.List;
import raftlab.labrpc.net.Hold;
import raftlab.raft.PeerState;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.Mode;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 1 graded suite, part two: Figure 2's election rules that the scenario tests cannot see, each
 * staged so that breaking the rule changes the outcome. docs/lab1-election.md lists what each assumes.
 */
class ElectionRulesTest {

    @Graded(lab = 1, points = 5, description = "A candidate counts only votes of its current election, not a late one from an earlier.")
    void staleVoteNotCounted(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): a late vote from an earlier election is not counted");
        int first = c.checkOneLeader();
        int x = (first + 1) % 3;
        int y = (first + 2) % 3;
        Hold yAnswersX = c.holdReplies(y, x, ".requestVote");
        Hold xAnswersY = c.holdReplies(x, y, ".requestVote");
        c.disconnect(first); // x and y campaign; their answers to each other are parked
        assertTrue(run.awaitUntil(() -> yAnswersX.parked() + xAnswersY.parked() > 0, 10_000),
                "neither remaining peer asked the other for a vote within 10 s of cutting off the leader");
        int candidate = yAnswersX.parked() > 0 ? x : y;
        int voter = candidate == x ? y : x;
        Hold late = candidate == x ? yAnswersX : xAnswersY;
        (candidate == x ? xAnswersY : yAnswersX).drop();
        long term = c.stateOrNull(candidate).term();
        c.disconnect(voter); // from here on the candidate cannot win any vote
        assertTrue(run.awaitUntil(() -> c.stateOrNull(candidate).term() > term, 5_000),
                "S" + candidate + " alone did not start a new election within 5 s (its election timer must keep running)");
        late.release(); // the answers of its earlier election arrive only now
        run.sleep(200);
        PeerState s = c.stateOrNull(candidate);
        assertTrue(!s.leader(), "S" + candidate + " leads term " + s.term() + " while cut off from both peers: it counted"
                + " a vote granted in an earlier election (a reply belongs to the election whose term it answers)");
        c.connectAll();
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 5, description = "A new leader sends its first heartbeat to every peer at once, not a heartbeat interval later.")
    void firstHeartbeatAtOnce(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): a new leader's first heartbeats go out at once");
        List<long[]> beats = new ArrayList<>(); // {time, from, to, term} of every AppendEntries sent
        run.network().observeSends((caller, server, method, reachable, args) -> {
            if (method.endsWith(".appendEntries") && caller.startsWith("S") && server != null && server.startsWith("S")) {
                long[] b = {run.now(), Long.parseLong(caller.substring(1)), Long.parseLong(server.substring(1)),
                        ((AppendEntriesArgs) args.get()).term()};
                synchronized (beats) {
                    beats.add(b);
                }
            }
        });
        // A late first heartbeat comes a heartbeat interval (at least 100 ms) after the election. Real
        // mode allows more than simulation for a loaded machine's scheduling, still well short of that.
        long window = run.mode() == Mode.SIM ? 20 : 60;
        int leader = c.checkOneLeader();
        for (int round = 0; round < 5; round++) {
            long old = c.stateOrNull(leader).term();
            c.disconnect(leader);
            int[] won = {-1};
            assertTrue(run.awaitUntil(() -> (won[0] = c.connectedLeaderAbove(old)) >= 0, 10_000),
                    "no new leader within 10 s of cutting off S" + leader + "\n" + c.describe());
            long elected = run.now();
            long term = c.stateOrNull(won[0]).term();
            run.sleep(window);
            for (int p = 0; p < 3; p++) {
                if (p == won[0] || !c.isConnected(p)) {
                    continue;
                }
                int peer = p;
                boolean sent;
                synchronized (beats) {
                    sent = beats.stream().anyMatch(b -> b[1] == won[0] && b[2] == peer && b[3] == term && b[0] <= elected + window);
                }
                assertTrue(sent, "S" + won[0] + " became leader of term " + term + " at " + elected + " ms but sent S" + peer
                        + " no AppendEntries within " + window + " ms: upon election, a leader sends a heartbeat to each server at once");
            }
            c.connect(leader);
            leader = c.checkOneLeader();
        }
    }

    @Graded(lab = 1, points = 5, description = "Stale-term AppendEntries and denied votes do not reset the election timer.")
    void onlyValidMessagesResetTimer(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): only the current leader, a granted vote or a new candidacy resets the timer");
        int leader = c.checkOneLeader();
        long stale = Math.max(0, c.stateOrNull(leader).term() - 1);
        // Every 150 ms each follower gets an AppendEntries and a RequestVote of an older term from the
        // tester, both of which it must refuse. A follower that resets its timer on them never campaigns.
        List<RaftRpc> ends = c.testerEnds(RaftRpc.class);
        long old = c.stateOrNull(leader).term();
        c.disconnect(leader);
        long until = run.now() + 5_500;
        Runnable[] pester = new Runnable[1];
        pester[0] = () -> {
            for (int p = 0; p < c.n(); p++) {
                if (p != leader) {
                    ends.get(p).appendEntries(new AppendEntriesArgs(stale, leader, 0, 0, List.of(), 0));
                    ends.get(p).requestVote(new RequestVoteArgs(stale, leader, 0, 0));
                }
            }
            if (run.now() < until) {
                run.schedule(150, pester[0]);
            }
        };
        pester[0].run();
        assertTrue(run.awaitUntil(() -> c.connectedLeaderAbove(old) >= 0, 5_000), "no new leader within 5 s of cutting off S"
                + leader + " while the followers got only stale-term AppendEntries and RequestVotes (term " + stale + ") from"
                + " the tester: refusing a message must not reset the election timer\n" + c.describe());
        run.sleep(600);
        c.connect(leader);
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 5, description = "A RequestVote of a newer term is judged in that term: the vote a peer cast in "
            + "its own older term does not stop it from granting.")
    void newerTermVoteGranted(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): a vote request of a newer term is granted despite a vote in an older term");
        c.checkOneLeader();
        long before = 0;
        for (int p = 0; p < c.n(); p++) {
            before = Math.max(before, c.stateOrNull(p).term());
        }
        // Alone, each follower campaigns, so in its current term it has voted for itself, as the leader
        // did in its own. Nobody hears a leader, so even a peer that ignores vote requests while it does
        // (thesis §4.2.3) must answer.
        for (int p = 0; p < c.n(); p++) {
            c.disconnect(p);
        }
        long older = before;
        assertTrue(run.awaitUntil(() -> followersAbove(c, older), 10_000),
                "not every follower, cut off from the others, started an election of its own within 10 s\n" + c.describe());
        List<RaftRpc> ends = c.testerEnds(RaftRpc.class);
        for (int p = 0; p < c.n(); p++) {
            // 100 terms ahead, so the peer's own next election cannot overtake the request on its way.
            long term = c.stateOrNull(p).term() + 100;
            int candidate = (p + 1) % c.n();
            var reply = ends.get(p).requestVote(new RequestVoteArgs(term, candidate, 0, 0));
            assertTrue(run.awaitUntil(reply::isDone, 5_000), "S" + p + " did not answer a RequestVote within 5 s");
            RequestVoteReply r = reply.join();
            assertTrue(r.voteGranted(), "S" + p + " refused its vote to S" + candidate + " for term " + term + " (answering term "
                    + r.term() + "), having voted only for itself in an older term: on a higher term, a peer first adopts it"
                    + " and forgets its vote (Figure 2, all servers), then decides on the request");
            assertTrue(r.term() == term, "S" + p + " granted its vote but answered term " + r.term() + ", not the request's "
                    + term);
        }
        c.connectAll();
        c.checkOneLeader();
    }

    @Graded(lab = 1, points = 5, description = "A higher term learned from a reply comes with no vote in it: a leader "
            + "deposed by a follower's answer grants its vote in that term.")
    void higherTermFromAReplyComesWithoutAVote(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): a higher term from a reply comes with no vote");
        int leader = c.checkOneLeader();
        int follower = (leader + 1) % c.n();
        int third = (leader + 2) % c.n();
        c.disconnect(third);
        // The follower alone, long enough to stop heeding the leader (thesis §4.2.3), is told of a term far
        // ahead by the tester (and votes for the third peer in it).
        c.setOneWay(leader, follower, false);
        c.setOneWay(follower, leader, false);
        long far = c.stateOrNull(leader).term() + 100;
        List<RaftRpc> ends = c.testerEnds(RaftRpc.class);
        run.sleep(2 * RaftCluster.ELECTION_TIMEOUT_MS);
        var told = ends.get(follower).requestVote(new RequestVoteArgs(far, third, 0, 0));
        assertTrue(run.awaitUntil(told::isDone, 5_000), "S" + follower + " did not answer a RequestVote within 5 s");
        assertTrue(c.stateOrNull(follower).term() >= far, "S" + follower + " did not adopt the request's term " + far);
        // Now only the leader's requests reach the follower; its answers carry the far term back. Nothing
        // else can tell the leader of that term: the third peer is cut off, and the follower's own requests
        // do not get through.
        c.setOneWay(leader, follower, true);
        assertTrue(run.awaitUntil(() -> c.stateOrNull(leader).term() >= far, 10_000),
                "S" + leader + " never adopted the term " + far + " that S" + follower + "'s answers carry (Figure 2, all"
                        + " servers: a reply's higher term is adopted too)\n" + c.describe());
        long adopted = c.stateOrNull(leader).term();
        var ask = ends.get(leader).requestVote(new RequestVoteArgs(adopted, third, 0, 0));
        assertTrue(run.awaitUntil(ask::isDone, 5_000), "S" + leader + " did not answer a RequestVote within 5 s");
        RequestVoteReply r = ask.join();
        assertTrue(r.term() == adopted, "S" + leader + " moved on to term " + r.term() + " before it could be asked about " + adopted);
        assertTrue(r.voteGranted(), "S" + leader + " refused S" + third + " in term " + adopted + ", a term it learned from a reply"
                + " and has cast no vote in: adopting a higher term, from a request or a reply, forgets the vote of the old term");
    }

    @Graded(lab = 1, points = 5, description = "Granting a vote restarts the election timer: a peer that keeps granting "
            + "votes to candidates of ever newer terms never starts an election of its own.")
    void grantedVoteRestartsTheTimer(LabRun run) {
        RaftCluster c = cluster(run, 3, true);
        c.begin("Test (1): granting a vote restarts the election timer");
        c.checkOneLeader();
        for (int p = 0; p < c.n(); p++) {
            c.disconnect(p);
        }
        int voter = 0;
        long base = c.stateOrNull(voter).term();
        List<RaftRpc> ends = c.testerEnds(RaftRpc.class);
        // Every 90 ms (less than any election timeout: the heartbeat interval alone is at least 100 ms) a
        // candidate of the next term asks the voter, cut off from everyone else, for its vote. Each grant
        // restarts the voter's timer, so it never campaigns: its term is always the tester's.
        List<String> problems = new ArrayList<>();
        for (int k = 1; k <= 40 && problems.isEmpty(); k++) {
            long term = base + k;
            long seen = c.stateOrNull(voter).term();
            if (seen != term - 1) {
                problems.add("S" + voter + " is in term " + seen + " where the tester's last request was for " + (term - 1)
                        + ": it started an election of its own " + (run.now()) + " ms into the run, within 90 ms of granting"
                        + " a vote. Granting a vote must restart the election timer (Figure 2, followers)");
                break;
            }
            var reply = ends.get(voter).requestVote(new RequestVoteArgs(term, 1 + k % 2, 0, 0));
            assertTrue(run.awaitUntil(reply::isDone, 5_000), "S" + voter + " did not answer a RequestVote within 5 s");
            if (!reply.join().voteGranted()) {
                problems.add("S" + voter + " refused a candidate of the new term " + term + " (it had cast no vote in it)");
            }
            run.sleep(90);
        }
        assertTrue(problems.isEmpty(), String.join("; ", problems) + "\n" + c.describe());
        c.connectAll();
        c.checkOneLeader();
    }

    /** Whether every peer that does not lead has a term above {@code term}. */
    private static boolean followersAbove(RaftCluster c, long term) {
        for (int p = 0; p < c.n(); p++) {
            PeerState s = c.stateOrNull(p);
            if (!s.leader() && s.term() <= term) {
                return false;
            }
        }
        return true;
    }
}
