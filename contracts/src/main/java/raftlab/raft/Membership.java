package raftlab.raft;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import raftlab.labrpc.net.Codec;

/**
 * A cluster's configuration (Raft thesis §4): the peers that vote, and the learners that receive the
 * log without voting yet (a new peer catching up, §4.2.1). Peers are named by their index in
 * {@link PeerEnv#peers()}. A configuration travels as the command of a log entry, and a peer uses the
 * latest one its log holds, committed or not (§4.1); before any, the one its snapshot holds, and
 * before that the one it started with ({@link PeerEnv#members()}).
 */
public record Membership(List<Integer> voters, List<Integer> learners) {
    static {
        Codec.register(Membership.class); // configurations travel in log entries, and a restarting peer decodes them
    }

    /** What a peer that joins a running cluster starts with: it knows no configuration, so it never campaigns. */
    public static final Membership NONE = new Membership(List.of(), List.of());

    public Membership {
        voters = sorted(voters, "voters");
        learners = sorted(learners, "learners");
        for (int l : learners) {
            if (voters.contains(l)) {
                throw new IllegalArgumentException("S" + l + " is both a voter and a learner");
            }
        }
    }

    private static List<Integer> sorted(List<Integer> ids, String what) {
        Objects.requireNonNull(ids, what);
        TreeSet<Integer> set = new TreeSet<>();
        for (Integer id : ids) {
            if (id == null || id < 0) {
                throw new IllegalArgumentException(what + " must be peer indexes >= 0, not " + ids);
            }
            if (!set.add(id)) {
                throw new IllegalArgumentException(what + " name S" + id + " twice");
            }
        }
        return List.copyOf(set);
    }

    /** Peers {@code 0 .. n-1}, every one a voter: a cluster as it starts. */
    public static Membership allOf(int n) {
        return new Membership(java.util.stream.IntStream.range(0, n).boxed().toList(), List.of());
    }

    public boolean isVoter(int peer) {
        return voters.contains(peer);
    }

    public boolean isLearner(int peer) {
        return learners.contains(peer);
    }

    /** A voter or a learner: a peer the leader replicates to. */
    public boolean isMember(int peer) {
        return isVoter(peer) || isLearner(peer);
    }

    /** Whether the voters for which {@code agrees} holds are more than half of the voters. */
    public boolean isMajority(IntPredicate agrees) {
        int yes = 0;
        for (int v : voters) {
            if (agrees.test(v)) {
                yes++;
            }
        }
        return yes > voters.size() / 2;
    }

    /** This configuration after {@code change}; {@link IllegalArgumentException} if it does not apply here. */
    public Membership after(MembershipChange change) {
        int p = change.peer();
        List<Integer> v = new java.util.ArrayList<>(voters);
        List<Integer> l = new java.util.ArrayList<>(learners);
        switch (change.kind()) {
            case ADD_LEARNER -> {
                if (isMember(p)) {
                    throw new IllegalArgumentException("S" + p + " is already a " + (isVoter(p) ? "voter" : "learner"));
                }
                l.add(p);
            }
            case PROMOTE -> {
                if (!isLearner(p)) {
                    throw new IllegalArgumentException("S" + p + " is not a learner" + (isVoter(p) ? ": it votes already" : ""));
                }
                l.remove(Integer.valueOf(p));
                v.add(p);
            }
            case REMOVE -> {
                if (!isMember(p)) {
                    throw new IllegalArgumentException("S" + p + " is not a member");
                }
                if (voters.equals(List.of(p))) {
                    throw new IllegalArgumentException("S" + p + " is the last voter");
                }
                v.remove(Integer.valueOf(p));
                l.remove(Integer.valueOf(p));
            }
        }
        return new Membership(v, l);
    }

    @Override
    public String toString() {
        return "voters " + voters + (learners.isEmpty() ? "" : ", learners " + learners);
    }
}
