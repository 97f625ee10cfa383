package raftlab.kv;

/**
 * How much a key/value service must be able to hold, and may refuse to exceed.
 *
 * @param sessions   the service remembers the sessions of at least this many of the most recently
 *                   active writing clients, and may forget older ones to bound its memory; a forgotten
 *                   client's retried write must still never apply twice
 * @param storeBytes the most bytes its keys and values may take together (UTF-8): a write that would
 *                   take the store past it is refused ({@link KvStatus#FULL}) and changes nothing; one
 *                   that does not grow the store (a delete, a shorter value) is always accepted
 */
public record KvCapacity(int sessions, long storeBytes) {
    /**
     * The real server's: 64 MiB of keys and values fits a node's 512 MiB heap with the copies a
     * snapshot makes of it (docs/cluster.md, "Memory").
     */
    public static final KvCapacity DEFAULT = new KvCapacity(10_000, 64L << 20);

    public KvCapacity {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be at least 1, not " + sessions);
        }
        if (storeBytes < KvLimits.MAX_KEY_BYTES + KvLimits.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("storeBytes must hold at least one largest key and value, not " + storeBytes);
        }
    }
}
