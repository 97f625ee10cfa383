package raftlab.kvservice;

import raftlab.kv.KvLimits;

/** Why a request is malformed, or null: the same rules on the server's front door and in the state machine. */
public final class KvValidation {
    private KvValidation() {
    }

    public static String problem(KvRequest r) {
        if (r == null || r.op() == null) {
            return "request names no operation";
        }
        // BEGIN SOLUTION
        if (r.op() == Op.OPEN_SESSION) {
            return r.clientId() == 0 && r.seq() == 0 ? null : "a session is opened by a request without one";
        }
        // END SOLUTION
        if (r.op() == Op.BATCH) {
            String batch = KvLimits.checkBatch(r.ops());
            if (batch == null && (r.key() != null || r.value() != null || r.version() != 0)) {
                batch = "a batch's writes are in its ops; it names no key, value or version of its own";
            }
            return batch != null ? batch : r.seq() < 1 ? "a write needs a session sequence number of 1 or more" : null;
        }
        if (r.ops() != null) {
            return "only a batch carries ops";
        }
        if (r.op() == Op.RANGE) {
            if (r.key() == null) {
                return "range needs a start key (\"\" for the first key)";
            }
            if (r.end() != null && r.end().compareTo(r.key()) < 0) {
                return "range end '" + r.end() + "' is before its start '" + r.key() + "'";
            }
            if (r.limit() < 0 || r.limit() > KvLimits.MAX_RANGE_LIMIT) {
                return "range limit " + r.limit() + " outside 0.." + KvLimits.MAX_RANGE_LIMIT;
            }
            return null;
        }
        String key = KvLimits.checkKey(r.key());
        if (key != null) {
            return key;
        }
        if (r.op() == Op.PUT || r.op() == Op.APPEND || r.op() == Op.CAS) {
            String value = KvLimits.checkValue(r.value());
            if (value != null) {
                return value;
            }
        }
        if (r.op().isWrite() && r.seq() < 1) {
            return "a write needs a session sequence number of 1 or more";
        }
        return r.op() == Op.CAS && r.version() < 0 ? "version must not be negative" : null;
    }
}
