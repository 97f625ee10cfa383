package raftlab.kvservice;

import java.util.List;
import raftlab.kv.KvEntry;

/**
 * A server's answer. {@code value} and {@code version} belong to a get (or the version a write left);
 * {@code entries} and {@code more} to a range read; {@code error} says why a request was invalid;
 * {@code failed} is the index of the write that stopped a batch (null otherwise).
 */
public record KvReply(Status status, String value, long version, List<KvEntry> entries, boolean more, String error,
                      Integer failed) {
    /** Any answer but a failed batch's. */
    public KvReply(Status status, String value, long version, List<KvEntry> entries, boolean more, String error) {
        this(status, value, version, entries, more, error, null);
    }

    static KvReply of(Status status) {
        return new KvReply(status, null, 0, null, false, null);
    }

    static KvReply of(Status status, long version) {
        return new KvReply(status, null, version, null, false, null);
    }

    static KvReply invalid(String why) {
        return new KvReply(Status.INVALID, null, 0, null, false, why);
    }
}
