package raftlab.snapshots.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import raftlab.kv.KvCapacity;
import raftlab.kv.KvWrite;
import raftlab.kvservice.KvReply;
import raftlab.kvservice.KvRequest;
import raftlab.kvservice.Op;
import raftlab.kvservice.Status;

/** The reference's snapshot format and restore in isolation (instructor-only: the edition leaves them out). */
class SnapshotKvStoreTest {
    private static final KvCapacity CAPACITY = new KvCapacity(10, KvCapacity.DEFAULT.storeBytes());

    private static KvReply apply(SnapshotKvStore s, long client, long seq, Op op, String key, String value) {
        return (KvReply) s.apply(new KvRequest(client, seq, op, key, value, 0, null, 0));
    }

    private static KvReply get(SnapshotKvStore s, String key) {
        return (KvReply) s.apply(KvRequest.read(Op.GET, key, null, 0));
    }

    private static long open(SnapshotKvStore s) {
        return ((KvReply) s.apply(new KvRequest(0, 0, Op.OPEN_SESSION, null, null, 0, null, 0))).version();
    }

    private static SnapshotKvStore filled() {
        SnapshotKvStore s = new SnapshotKvStore(CAPACITY);
        for (int i = 0; i < 3; i++) {
            open(s); // sessions 1, 2 and 3
        }
        apply(s, 1, 1, Op.PUT, "a", "x");
        apply(s, 1, 2, Op.APPEND, "a", "ü");
        apply(s, 2, 1, Op.PUT, "b", "");
        apply(s, 3, 1, Op.DELETE, "gone", null);
        s.apply(new KvRequest(3, 2, Op.BATCH, null, null, 0, null, 0, FAILING_BATCH));
        return s;
    }

    /** A batch that stops at its second write (a delete of an absent key). */
    private static final List<KvWrite> FAILING_BATCH = List.of(KvWrite.put("c", "1"), KvWrite.delete("gone"));

    @Test
    void aRestoredStoreAnswersExactlyAsTheOriginal() {
        SnapshotKvStore original = filled();
        SnapshotKvStore copy = new SnapshotKvStore(CAPACITY);
        for (int i = 0; i < 9; i++) {
            open(copy);
        }
        apply(copy, 9, 1, Op.PUT, "stale", "v"); // replaced, not merged into
        copy.restore(original.snapshot());
        assertArrayEquals(original.snapshot(), copy.snapshot());
        assertEquals(original.stats(), copy.stats());
        assertEquals(Status.NO_KEY, get(copy, "stale").status());
        assertEquals(new KvReply(Status.OK, "xü", 2, null, false, null), get(copy, "a"));
        assertEquals(Status.OK, apply(copy, 1, 2, Op.APPEND, "a", "ü").status(), "the retry is answered from the table");
        assertEquals("xü", get(copy, "a").value(), "... and not applied again");
        KvReply retried = (KvReply) copy.apply(new KvRequest(3, 2, Op.BATCH, null, null, 0, null, 0, FAILING_BATCH));
        assertEquals(new KvReply(Status.NO_KEY, null, 0, null, false, null, 1), retried,
                "a retried batch that failed is answered with the write that stopped it, from the table");
        assertEquals(Status.SESSION_EXPIRED, apply(copy, 9, 2, Op.PUT, "stale", "v").status(),
                "a session the snapshot does not hold is gone");
        assertEquals(4, open(copy), "the session counter comes from the snapshot: no id is given twice");
    }

    @Test
    void aDamagedSnapshotIsRefusedAndChangesNothing() {
        SnapshotKvStore store = filled();
        byte[] good = store.snapshot();
        byte[] before = store.snapshot();
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        byte[] badVersion = good.clone();
        badVersion[4] = 9;
        byte[] badStatus = good.clone();
        badStatus[good.length - 13] = 100; // the last session's status byte
        byte[] unknownSession = good.clone();
        unknownSession[good.length - 29] = 1; // the last session's id, far above the last id given
        byte[] badFailed = good.clone();
        badFailed[good.length - 4] = 0x10; // the last session's failed write: far past any batch
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        for (byte[] bad : new byte[][] {badMagic, badVersion, badStatus, unknownSession, badFailed, trailing, Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, 9), new byte[0]}) {
            assertThrows(IllegalArgumentException.class, () -> store.restore(bad));
            assertArrayEquals(before, store.snapshot());
        }
    }

    @Test
    void aSnapshotInTheFormerFormatIsStillRead() {
        ByteBuffer v2 = ByteBuffer.allocate(4 + 1 + 4 + 8 + 4 + 25);
        v2.put(KvSnapshotCodec.MAGIC).put((byte) 2).putInt(0).putLong(1).putInt(1); // no keys, last session 1, one session
        v2.putLong(1).putLong(4).put((byte) Status.VERSION.ordinal()).putLong(7); // session 1 wrote #4, refused at version 7
        SnapshotKvStore store = new SnapshotKvStore(CAPACITY);
        store.restore(v2.array());
        assertEquals(new KvReply(Status.VERSION, null, 7, null, false, null),
                store.apply(new KvRequest(1, 4, Op.CAS, "k", "v", 3, null, 0)), "session 1's last write answered from the table");
        assertEquals(2, open(store), "the next session after the last one the snapshot gave");
    }

    @Test
    void hugeCountsAreRefusedBeforeAnythingIsAllocated() {
        byte[] good = new SnapshotKvStore(CAPACITY).snapshot(); // magic, version, 0 keys, last id 0, 0 sessions
        byte[] lying = good.clone();
        lying[5] = 0x7f; // key count 2^31 - 1 ... in 8 bytes of data
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SnapshotKvStore(CAPACITY).restore(lying));
        assertEquals(true, e.getMessage().contains("runs past the end"), e.getMessage());
    }
}
