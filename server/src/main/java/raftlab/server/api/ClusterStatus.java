package raftlab.server.api;

import java.util.List;

/**
 * Every node's status, gathered by one node. {@code term} is the highest term any node reported;
 * {@code leader} is the node that leads in the latest term in which any node leads (null while none
 * does). A deposed leader that has not heard of its successor yet still says it leads, but in an older
 * term, so the successor wins; a node cut off from the others may campaign in ever higher terms
 * without deposing anyone, so its term alone does not make the cluster leaderless (it would make every
 * node's {@code /health} fail while the majority serves).
 */
public record ClusterStatus(Integer leader, long term, List<NodeStatus> nodes) {
    static ClusterStatus of(List<NodeStatus> nodes) {
        long term = nodes.stream().mapToLong(NodeStatus::term).max().orElse(0);
        Integer leader = nodes.stream().filter(NodeStatus::leads).max(java.util.Comparator.comparingLong(NodeStatus::term))
                .map(NodeStatus::id).orElse(null);
        return new ClusterStatus(leader, term, List.copyOf(nodes));
    }
}
