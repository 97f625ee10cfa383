package raftlab.server.api;

import java.util.List;

/**
 * One node as the dashboard shows it ({@code GET /node/view}): its status, the last entries of its
 * log, and what happened on it ({@link NodeEvents}).
 */
public record NodeView(NodeStatus status, List<LogEntry> log, List<NodeEvents.Event> events) {
    /** How many of the latest log entries a view carries. */
    public static final int LOG_ENTRIES = 12;
    /** How much of a command's text a view carries. */
    public static final int COMMAND_CHARS = 200;

    /** One log entry: its index, its term, and its command as text (cut to {@link #COMMAND_CHARS}). */
    public record LogEntry(long index, long term, String command) {
        public static LogEntry of(long index, long term, Object command) {
            String text = String.valueOf(command);
            return new LogEntry(index, term, text.length() > COMMAND_CHARS ? text.substring(0, COMMAND_CHARS - 1) + "…" : text);
        }
    }

    static NodeView unreachable(NodeStatus status) {
        return new NodeView(status, List.of(), List.of());
    }
}
