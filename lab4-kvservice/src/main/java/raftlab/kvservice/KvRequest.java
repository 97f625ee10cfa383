package raftlab.kvservice;

import java.util.List;
import raftlab.kv.KvWrite;

/**
 * One client request, as it travels to a server and through the log. Writes carry the client's
 * session: its id and a sequence number that grows by one per write, so a retried write is
 * recognised and answered from memory instead of applied again. Reads carry no sequence (0).
 *
 * @param version the expected version of a {@link Op#CAS}
 * @param end     the exclusive end of a {@link Op#RANGE} (null: to the last key); {@code key} is its start
 * @param limit   the most keys a {@link Op#RANGE} returns (0: the maximum)
 * @param ops     the writes of a {@link Op#BATCH} (null for every other operation)
 */
public record KvRequest(long clientId, long seq, Op op, String key, String value, long version, String end, int limit,
                        List<KvWrite> ops) {
    /** Any request but a batch. */
    public KvRequest(long clientId, long seq, Op op, String key, String value, long version, String end, int limit) {
        this(clientId, seq, op, key, value, version, end, limit, null);
    }

    /** A batch of {@code ops}, outside any session yet. */
    public static KvRequest batch(List<KvWrite> ops) {
        return new KvRequest(0, 0, Op.BATCH, null, null, 0, null, 0, ops);
    }

    /** The same request in session {@code clientId} as its write number {@code seq}. */
    public KvRequest inSession(long clientId, long seq) {
        return new KvRequest(clientId, seq, op, key, value, version, end, limit, ops);
    }

    public static KvRequest read(Op op, String key, String end, int limit) {
        return new KvRequest(0, 0, op, key, null, 0, end, limit);
    }

    /** Short, for traces and the dashboard's log view: {@code PUT k = v (client 3 #7)}, a long value cut. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.valueOf(op));
        if (key != null) {
            b.append(' ').append(key);
        }
        if (ops != null) {
            b.append(" of ").append(ops.size()).append(ops.size() == 1 ? " write" : " writes");
            if (!ops.isEmpty() && ops.get(0) != null) {
                b.append(", first ").append(ops.get(0).kind()).append(' ').append(ops.get(0).key());
            }
        }
        if (end != null || limit != 0) {
            b.append(" .. ").append(end == null ? "end" : end).append(limit == 0 ? "" : ", limit " + limit);
        }
        if (version != 0) {
            b.append(" if version ").append(version);
        }
        if (value != null) {
            b.append(" = ").append(value.length() > 24 ? value.substring(0, 23) + "…(" + value.length() + " chars)" : value);
        }
        if (clientId != 0) {
            b.append(" (client ").append(clientId).append(" #").append(seq).append(')');
        }
        return b.toString();
    }
}
