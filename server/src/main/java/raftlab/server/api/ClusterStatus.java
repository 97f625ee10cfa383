package raftlab.server.api;

import java.util.List;

/**
 * Every node's status, gathered by one node; {@code leader} is the node leading in the highest term
 * any node reported (null while there is none — during an election, or without a majority).
 */
public record ClusterStatus(Integer leader, long term, List<NodeStatus> nodes) {
    static ClusterStatus of(List<NodeStatus> nodes) {
        long term = nodes.stream().mapToLong(NodeStatus::term).max().orElse(0);
        // A deposed leader that has not heard of the new term yet still says it leads: only the latest term counts.
        Integer leader = nodes.stream().filter(n -> n.leads() && n.term() == term).map(NodeStatus::id).findFirst().orElse(null);
        return new ClusterStatus(leader, term, List.copyOf(nodes));
    }
}
