package raftlab.tools.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import raftlab.server.cli.ClusterFaults;
import raftlab.server.cli.NodeProcesses;

/**
 * The faults of a chaos run, on a local cluster whose nodes allow fault injection: SIGKILL and
 * restart (of the leader, a follower, or a majority), a planned stop of the leader (SIGTERM: it hands
 * its leadership over first, if its Raft can), SIGSTOP past the election timeout, and network
 * partitions, cut in each node's peer transport over the authenticated peer channel.
 */
final class Nemesis {
    /** One kind of fault; {@code leader} says whether it takes the leader away (for recovery times). */
    enum Kind {
        KILL_LEADER(true), KILL_FOLLOWER(false), KILL_MAJORITY(true), STOP_LEADER(true), PAUSE_LEADER(true),
        PAUSE_FOLLOWER(false), ISOLATE_LEADER(true), ISOLATE_FOLLOWER(false), SPLIT(false);

        final boolean leader;

        Kind(boolean leader) {
            this.leader = leader;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A fault in force: what, on which nodes, and how to end it. */
    record Fault(Kind kind, List<Integer> nodes, String description) {
    }

    private final NodeProcesses cluster;
    private final ClusterFaults faults;
    private final Random random;

    Nemesis(NodeProcesses cluster, String token, long seed) {
        this.cluster = cluster;
        this.faults = new ClusterFaults(cluster, token);
        this.random = new Random(seed);
    }

    /** Picks a fault at random and starts it. */
    Fault start() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        List<Integer> ids = cluster.memberIds(); // not the nodes removed from the cluster
        int n = ids.size();
        Integer leader = leader();
        int target = kind.leader && leader != null ? leader : pickOther(ids, leader);
        List<Integer> nodes = new ArrayList<>(List.of(target));
        switch (kind) {
            case KILL_LEADER, KILL_FOLLOWER -> cluster.kill(target);
            case STOP_LEADER -> cluster.stop(target);
            case KILL_MAJORITY -> {
                while (nodes.size() < n / 2 + 1) {
                    int other = ids.get(random.nextInt(n));
                    if (!nodes.contains(other)) {
                        nodes.add(other);
                    }
                }
                nodes.forEach(cluster::kill);
            }
            case PAUSE_LEADER, PAUSE_FOLLOWER -> cluster.pause(target);
            case ISOLATE_LEADER, ISOLATE_FOLLOWER -> faults.partition(Set.of(target));
            case SPLIT -> {
                Set<Integer> minority = new TreeSet<>(Set.of(target));
                while (minority.size() < (n - 1) / 2) {
                    minority.add(ids.get(random.nextInt(n)));
                }
                nodes = new ArrayList<>(minority);
                faults.partition(minority);
            }
        }
        return new Fault(kind, nodes, kind.label() + " " + nodes.stream().map(i -> "S" + i).toList()
                + (leader == null ? " (no leader)" : " (leader S" + leader + ")"));
    }

    /** Ends {@code f}: restarts killed nodes, resumes paused ones, heals partitions. */
    void end(Fault f) {
        switch (f.kind()) {
            case KILL_LEADER, KILL_FOLLOWER, KILL_MAJORITY, STOP_LEADER -> f.nodes().forEach(cluster::start);
            case PAUSE_LEADER, PAUSE_FOLLOWER -> f.nodes().forEach(cluster::resume);
            case ISOLATE_LEADER, ISOLATE_FOLLOWER, SPLIT -> faults.heal();
        }
    }

    /** Every node back: started if dead, resumed if paused, cut off from nobody. */
    void healAll() {
        faults.healAll();
    }

    /** The leader as some node reports it, or null. */
    Integer leader() {
        return faults.leader();
    }

    private int pickOther(List<Integer> ids, Integer leader) {
        int i = random.nextInt(ids.size());
        return leader != null && ids.get(i).equals(leader) ? ids.get((i + 1) % ids.size()) : ids.get(i);
    }
}
