package raftlab.server.api;

import java.util.Comparator;
import java.util.List;

/**
 * Every node's status, gathered by one node; {@code leader} is the node leading in the highest term
 * any node reported (null while there is none — during an election, or without a majority).
 */
public record ClusterStatus(Integer leader, long term, List<NodeStatus> nodes) {
    static ClusterStatus of(List<NodeStatus> nodes) {
        long term = nodes.stream().mapToLong(NodeStatus::term).max().orElse(0);
        Integer leader = nodes.stream().filter(NodeStatus::leads).filter(n -> n.term() == term)
                .max(Comparator.comparingLong(NodeStatus::term)).map(NodeStatus::id).orElse(null);
        return new ClusterStatus(leader, term, List.copyOf(nodes));
    }
}
