// SOLUTION FILE
package raftlab.snapshots.kv;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import raftlab.kv.KvLimits;
import raftlab.kvservice.KvStore.Cell;
import raftlab.kvservice.Sessions.Session;
import raftlab.kvservice.Status;

/**
 * The key/value snapshot format: state only (no log), binary and versioned.
 * <pre>
 *   "RLKV" · format version (1 byte) · key count · (key, value, version)*
 *          · last session id · session count · (session, seq, status, version, failed)*
 * </pre>
 * Strings are a length (int) and UTF-8 bytes. A snapshot with another magic or version, or that does
 * not parse to its last byte, is refused with a clear error rather than misread. Version 2 added the
 * last session id (sessions are opened through the log since); version 3 the index of the write that stopped
 * a session's latest batch (-1: none), so a retried batch is answered whole after a restart. Version 2
 * is still read (no session has a failed batch); version 1 is refused.
 */
final class KvSnapshotCodec {
    static final byte[] MAGIC = {'R', 'L', 'K', 'V'};
    static final int VERSION = 3;
    /** The oldest format this build still reads. */
    static final int OLDEST_READ = 2;
    /** A session's bytes in the format written. */
    private static final int SESSION_BYTES = 29;

    /** A decoded snapshot: the keys in key order, the last session id given, the sessions least recently active first. */
    record State(TreeMap<String, Cell> keys, long lastSessionId, LinkedHashMap<Long, Session> sessions) {
    }

    private KvSnapshotCodec() {
    }

    /**
     * Encodes into one array of exactly the snapshot's size, so a snapshot of a store of S bytes
     * costs S more (not the 3S a growing stream would at its peak): it runs on a node already holding
     * the store and its previous snapshot.
     */
    static byte[] encode(SortedMap<String, Cell> keys, long lastSessionId, Map<Long, Session> sessions) {
        long size = MAGIC.length + 1 + 4 + 8 + 4 + (long) SESSION_BYTES * sessions.size();
        for (Map.Entry<String, Cell> e : keys.entrySet()) {
            size += 4 + KvLimits.utf8Length(e.getKey()) + 4 + KvLimits.utf8Length(e.getValue().value()) + 8;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a key/value snapshot of " + size + " bytes is more than one array holds");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.put(MAGIC).put((byte) VERSION).putInt(keys.size());
        for (Map.Entry<String, Cell> e : keys.entrySet()) {
            string(out, e.getKey());
            string(out, e.getValue().value());
            out.putLong(e.getValue().version());
        }
        out.putLong(lastSessionId).putInt(sessions.size());
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            out.putLong(e.getKey()).putLong(e.getValue().seq()).put((byte) e.getValue().status().ordinal())
                    .putLong(e.getValue().version()).putInt(e.getValue().failed() == null ? -1 : e.getValue().failed());
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("the snapshot's size was miscounted: " + out.remaining() + " bytes left");
        }
        return out.array();
    }

    static State decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IllegalArgumentException("not a key/value snapshot (bad magic)");
            }
            int version = in.readUnsignedByte();
            if (version < OLDEST_READ || version > VERSION) {
                throw new IllegalArgumentException("key/value snapshot format " + version + " is not supported (this build reads "
                        + OLDEST_READ + " to " + VERSION + ")");
            }
            TreeMap<String, Cell> keys = new TreeMap<>();
            for (int i = count(in, 16); i > 0; i--) {
                keys.put(string(in), new Cell(string(in), in.readLong()));
            }
            long lastSessionId = in.readLong();
            LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>();
            for (int i = count(in, version < 3 ? 25 : SESSION_BYTES); i > 0; i--) {
                long id = in.readLong();
                if (id < 1 || id > lastSessionId) {
                    throw new IOException("session " + id + " outside 1.." + lastSessionId);
                }
                long seq = in.readLong();
                Status status = status(in.readUnsignedByte());
                long written = in.readLong();
                int failed = version < 3 ? -1 : in.readInt();
                if (failed < -1 || failed >= KvLimits.MAX_BATCH_OPS) {
                    throw new IOException("session " + id + "'s failed write " + failed + " outside -1.." + (KvLimits.MAX_BATCH_OPS - 1));
                }
                sessions.put(id, new Session(seq, status, written, failed < 0 ? null : failed));
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the last session");
            }
            return new State(keys, lastSessionId, sessions);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt key/value snapshot: " + e.getMessage(), e);
        }
    }

    /** A count of items at least {@code minBytes} long each, refused if the rest of the data cannot hold them. */
    private static int count(DataInputStream in, int minBytes) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * minBytes > in.available()) {
            throw new IOException("a count of " + n + " runs past the end");
        }
        return n;
    }

    private static Status status(int ordinal) throws IOException {
        Status[] all = Status.values();
        if (ordinal >= all.length) {
            throw new IOException("no session status " + ordinal);
        }
        return all[ordinal];
    }

    private static void string(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(b.length).put(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a string of " + n + " bytes runs past the end");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
