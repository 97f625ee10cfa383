package raftlab.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import raftlab.labrpc.net.Codec;

/** The given configuration type: what a change makes of it, what it refuses, and majorities of its voters only. */
class MembershipRulesTest {
    private static final Membership THREE = Membership.allOf(3);

    @Test
    void aLearnerJoinsIsPromotedAndLeaves() {
        Membership withLearner = THREE.after(MembershipChange.addLearner(3));
        assertEquals(new Membership(List.of(0, 1, 2), List.of(3)), withLearner);
        assertTrue(withLearner.isLearner(3) && withLearner.isMember(3) && !withLearner.isVoter(3));
        Membership four = withLearner.after(MembershipChange.promote(3));
        assertEquals(Membership.allOf(4), four);
        assertEquals(new Membership(List.of(0, 2, 3), List.of()), four.after(MembershipChange.remove(1)));
        assertEquals(THREE, withLearner.after(MembershipChange.remove(3)));
    }

    @Test
    void aChangeThatDoesNotApplyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> THREE.after(MembershipChange.addLearner(1)));
        assertThrows(IllegalArgumentException.class, () -> THREE.after(MembershipChange.promote(1)));
        assertThrows(IllegalArgumentException.class, () -> THREE.after(MembershipChange.promote(4)));
        assertThrows(IllegalArgumentException.class, () -> THREE.after(MembershipChange.remove(4)));
        assertThrows(IllegalArgumentException.class, () -> Membership.allOf(1).after(MembershipChange.remove(0)));
        assertThrows(IllegalArgumentException.class, () -> new Membership(List.of(0, 1), List.of(1)));
        assertThrows(IllegalArgumentException.class, () -> new Membership(List.of(0, 0), List.of()));
        assertThrows(IllegalArgumentException.class, () -> MembershipChange.remove(-1));
    }

    @Test
    void onlyVotersMakeAMajority() {
        Membership m = new Membership(List.of(0, 1, 2), List.of(3, 4));
        assertFalse(m.isMajority(p -> p == 0 || p == 3 || p == 4), "one voter and two learners");
        assertTrue(m.isMajority(p -> p == 0 || p == 2));
        assertFalse(Membership.NONE.isMajority(p -> true), "no voters: never a majority");
        assertTrue(Membership.allOf(1).isMajority(p -> p == 0));
    }

    @Test
    void aConfigurationTravelsAsALogCommand() {
        Membership m = new Membership(List.of(2, 0, 1), List.of(4));
        assertEquals(List.of(0, 1, 2), m.voters(), "kept sorted, so equal configurations are equal records");
        assertEquals(m, Codec.decode(Codec.encode(m), Membership.class));
    }
}
