package raftlab.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import raftlab.election.AppendEntriesArgs;
import raftlab.election.AppendEntriesReply;
import raftlab.election.LogEntry;
import raftlab.election.RequestVoteArgs;
import raftlab.election.RequestVoteReply;
import raftlab.labrpc.storage.HardState;
import raftlab.labrpc.storage.MemoryStorage;
import raftlab.raft.StartResult;
import raftlab.tester.harness.LabRun;
import raftlab.tester.harness.RaftCluster;
import raftlab.tester.junit.Graded;

/**
 * Lab 3 graded suite, part 2: ours. A peer is crashed the instant it has answered, on a lossy disk,
 * and what it promised must be in its storage: persist before you reply.
 */
class PersistBeforeReplyTest {

    record Vote(int voter, int candidate, long term) {
    }

    record Ack(int follower, long lastIndex, long lastTerm) {
    }

    @Graded(lab = 3, points = 10, description = "A vote is durable before it is granted: a voter crashed right after voting remembers it.")
    void votePersistedBeforeReply(LabRun run) {
        RaftCluster c = PersistenceTest.cluster(run, 3, true);
        c.begin("Test (3): a granted vote survives a crash right after the reply");
        AtomicReference<Vote> lastVote = new AtomicReference<>();
        run.network().observe((caller, server, method, args, reply) -> {
            if (reply instanceof RequestVoteReply r && r.voteGranted() && args instanceof RequestVoteArgs a) {
                lastVote.set(new Vote(Integer.parseInt(server.substring(1)), a.candidateId(), r.term()));
            }
        });
        for (int round = 0; round < 10; round++) {
            int leader = c.checkOneLeader();
            lastVote.set(null);
            c.disconnect(leader); // the others elect a new leader: someone grants a vote
            assertTrue(run.awaitUntil(() -> lastVote.get() != null, 10_000), "no vote was granted within 10 s");
            Vote v = lastVote.get();
            c.crash(v.voter()); // at once: nothing else has run since the handler replied
            HardState saved = c.storageAfterCrash(v.voter()).hardState();
            assertTrue(saved.term() > v.term() || saved.term() == v.term() && saved.votedFor() == v.candidate(),
                    "S" + v.voter() + " granted its term-" + v.term() + " vote to S" + v.candidate() + " and crashed right"
                            + " after replying, but its storage holds " + saved + ": persist term and votedFor (and sync)"
                            + " before the reply leaves");
            PersistenceTest.restart(c, v.voter());
            c.connect(leader);
            c.one(run.random().nextInt(), 3, true);
        }
    }

    @Graded(lab = 3, points = 15, description = "Entries are durable before they are acknowledged: a follower crashed right after its ack keeps them.")
    void logPersistedBeforeReply(LabRun run) {
        RaftCluster c = PersistenceTest.cluster(run, 3, true);
        c.begin("Test (3): acknowledged entries survive a crash right after the reply");
        AtomicReference<Ack> lastAck = new AtomicReference<>();
        run.network().observe((caller, server, method, args, reply) -> {
            if (reply instanceof AppendEntriesReply r && r.success() && args instanceof AppendEntriesArgs a
                    && !a.entries().isEmpty()) {
                LogEntry last = a.entries().get(a.entries().size() - 1);
                lastAck.set(new Ack(Integer.parseInt(server.substring(1)), a.prevLogIndex() + a.entries().size(), last.term()));
            }
        });
        c.one(run.random().nextInt(), 3, true);
        for (int round = 0; round < 10; round++) {
            int leader = c.checkOneLeader();
            lastAck.set(null);
            StartResult r = c.startOn(leader, run.random().nextInt());
            assertTrue(r != null && r.leader(), "S" + leader + " refused start()");
            assertTrue(run.awaitUntil(() -> lastAck.get() != null, 5_000), "no follower acknowledged within 5 s");
            Ack ack = lastAck.get();
            c.crash(ack.follower());
            MemoryStorage saved = c.storageAfterCrash(ack.follower());
            assertTrue(saved.lastLogIndex() >= ack.lastIndex(), "S" + ack.follower() + " acknowledged entries through index "
                    + ack.lastIndex() + " and crashed right after replying, but its storage ends at index "
                    + saved.lastLogIndex() + ": append to storage and sync before the reply leaves");
            PersistenceTest.restart(c, ack.follower());
            long restored = c.inspectOrNull(ack.follower()).logTerm(ack.lastIndex()); // whatever the encoding
            assertTrue(restored == ack.lastTerm(), "S" + ack.follower() + " acknowledged an entry of term " + ack.lastTerm()
                    + " at index " + ack.lastIndex() + ", but restarted with term " + restored + " there");
            c.one(run.random().nextInt(), 3, true);
        }
    }
    @Graded(lab = 3, points = 10, description = "A term adopted from a message is durable before the reply: a peer crashed right after it keeps the term.")
    void termPersistedBeforeReply(LabRun run) {
        RaftCluster c = PersistenceTest.cluster(run, 3, true);
        c.begin("Test (3): a term learned from a leader survives a crash right after the reply");
        AtomicInteger watched = new AtomicInteger(-1); // the observer runs on network threads in real mode
        AtomicLong answered = new AtomicLong(-1); // the term of the first AppendEntries the watched peer accepts
        run.network().observe((caller, server, method, args, reply) -> {
            if (reply instanceof AppendEntriesReply r && r.success() && server.equals("S" + watched.get())) {
                answered.compareAndSet(-1, r.term());
            }
        });
        for (int round = 0; round < 5; round++) {
            int old = c.checkOneLeader();
            c.disconnect(old);
            int next = c.checkOneLeader();
            long term = c.stateOrNull(next).term();
            answered.set(-1);
            watched.set(old);
            c.connect(old); // the old leader learns the new term only from messages: it casts no vote in it
            assertTrue(run.awaitUntil(() -> answered.get() >= term, 5_000), "S" + old + " never accepted the new leader S" + next);
            c.crash(old);
            watched.set(-1);
            HardState saved = c.storageAfterCrash(old).hardState();
            assertTrue(saved.term() >= answered.get(), "S" + old + " accepted an AppendEntries of term " + answered.get()
                    + " and crashed right after replying, but its storage holds term " + saved.term() + ": persist currentTerm"
                    + " (and sync) before the reply leaves, also when the term is adopted from a message without a vote");
            PersistenceTest.restart(c, old);
            c.one(run.random().nextInt(), 3, true);
        }
    }
}
