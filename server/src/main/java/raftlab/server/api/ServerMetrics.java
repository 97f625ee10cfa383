package raftlab.server.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import raftlab.server.metrics.Histogram;

/**
 * The client API's counters and latencies, written with the node's Raft and disk figures in the
 * Prometheus text format ({@code GET /metrics}).
 */
final class ServerMetrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();

    /** One answered request: its operation ({@code get}, {@code put}, …), HTTP status and duration. */
    void record(String op, int status, long nanos) {
        requests.computeIfAbsent("op=\"" + op + "\",code=\"" + status + "\"", k -> new LongAdder()).increment();
        latency.computeIfAbsent(op, k -> new Histogram()).recordNanos(nanos);
    }

    String render(NodeStatus self, Histogram fsync) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP raftlab_requests_total Client API requests answered, by operation and HTTP status.\n");
        out.append("# TYPE raftlab_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) ->
                out.append("raftlab_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP raftlab_request_duration_seconds Client API request latency, by operation.\n");
        out.append("# TYPE raftlab_request_duration_seconds histogram\n");
        new TreeMap<>(latency).forEach((op, h) -> h.writeTo(out, "raftlab_request_duration_seconds", "op=\"" + op + "\""));
        gauge(out, "raftlab_raft_term", "The node's current Raft term.", self.term());
        gauge(out, "raftlab_raft_is_leader", "1 if the node believes it leads.", self.leads() ? 1 : 0);
        gauge(out, "raftlab_raft_commit_index", "The node's commit index.", self.commitIndex());
        gauge(out, "raftlab_raft_applied_index", "The last index applied to the key/value store.", self.appliedIndex());
        gauge(out, "raftlab_raft_last_log_index", "The index of the last entry in the node's log.", self.lastLogIndex());
        gauge(out, "raftlab_raft_snapshot_index", "The last index covered by the node's snapshot.", self.snapshotIndex());
        gauge(out, "raftlab_raft_log_bytes", "Durable Raft state (hard state and log) in bytes.", self.logBytes());
        gauge(out, "raftlab_snapshot_bytes", "The stored snapshot's size in bytes.", self.snapshotBytes());
        gauge(out, "raftlab_kv_keys", "Keys in the node's replica of the store.", self.keys());
        out.append("# HELP raftlab_fsync_duration_seconds Time to force the write-ahead log to disk.\n");
        out.append("# TYPE raftlab_fsync_duration_seconds histogram\n");
        fsync.writeTo(out, "raftlab_fsync_duration_seconds", "");
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
