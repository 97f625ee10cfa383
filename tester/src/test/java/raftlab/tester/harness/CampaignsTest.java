package raftlab.tester.harness;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The split-vote hint fires on refused votes, not on campaigns that nobody could hear. */
class CampaignsTest {
    record Args(long term, int candidateId, long lastLogIndex, long lastLogTerm) {
    }

    record Reply(long term, boolean voteGranted) {
    }

    @Test
    void everyoneVotingForItselfIsASplitVote() {
        Campaigns votes = everyoneCampaignsInTerm4(true);
        String hint = votes.splitVoteHint();
        assertTrue(hint != null && hint.contains("split votes") && hint.contains("term 4"), String.valueOf(hint));
        assertTrue(votes.describe(1).contains("S0 denied: already voted in term 4"), votes.describe(1));
    }

    @Test
    void campaignsNobodyAnsweredAreNotSplitVotes() {
        Campaigns votes = everyoneCampaignsInTerm4(false);
        assertNull(votes.splitVoteHint());
        assertTrue(votes.describe(2).contains("S0 no answer; S1 no answer"), votes.describe(2));
    }

    /** All three peers ask each other for term 4; with {@code answered}, every voter refuses. */
    private static Campaigns everyoneCampaignsInTerm4(boolean answered) {
        Campaigns votes = new Campaigns(3, i -> null);
        for (int cand = 0; cand < 3; cand++) {
            for (int voter = 0; voter < 3; voter++) {
                if (voter != cand) {
                    votes.asked(cand, voter, new Args(4, cand, 0, 0));
                    if (answered) {
                        votes.answered(voter, new Args(4, cand, 0, 0), new Reply(4, false));
                    }
                }
            }
        }
        return votes;
    }
}
