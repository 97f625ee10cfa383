package raftlab.kv;

/**
 * The answer to one key operation: its status and, for a get that found the key, the value and the
 * key's version (the number of writes since the key was created).
 */
public record KvResult(KvStatus status, String value, long version) {
    public static KvResult of(KvStatus status) {
        return new KvResult(status, null, 0);
    }

    public boolean ok() {
        return status == KvStatus.OK;
    }
}
