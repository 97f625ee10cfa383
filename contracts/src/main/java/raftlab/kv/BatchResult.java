package raftlab.kv;

/**
 * The answer to a batch ({@link KvClerk#batch}). {@link KvStatus#OK}: every write applied, as one
 * step. Otherwise none did (or, for {@link KvStatus#MAYBE}, the clerk cannot tell whether all did):
 * {@code failed} is the index of the write that stopped it — {@link KvStatus#NO_KEY} or
 * {@link KvStatus#VERSION} for a delete or versioned put that did not match, {@link KvStatus#INVALID}
 * or {@link KvStatus#FULL} as for one write — or -1 when the batch as a whole was refused; {@code error}
 * says why in words, where the service gave any.
 */
public record BatchResult(KvStatus status, int failed, String error) {
    public static final BatchResult OK = new BatchResult(KvStatus.OK, -1, null);

    public static BatchResult refused(String why) {
        return new BatchResult(KvStatus.INVALID, -1, why);
    }

    public boolean ok() {
        return status == KvStatus.OK;
    }
}
