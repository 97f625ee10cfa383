package raftlab.snapshots.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import raftlab.kv.KvStore;
import raftlab.kv.Status;

/**
 * The key/value snapshot format: state only (no log), binary and versioned.
 * <pre>
 *   "RLKV" · format version (1 byte) · key count · (key, value, version)* · session count · (client, seq, status, version)*
 * </pre>
 * Strings are a length (int) and UTF-8 bytes. A snapshot with another magic or version is refused
 * with a clear error rather than misread.
 */
final class KvSnapshotCodec {
    static final byte[] MAGIC = {'R', 'L', 'K', 'V'};
    static final int VERSION = 1;

    private KvSnapshotCodec() {
    }

    static byte[] encode(KvStore.State state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // BEGIN SOLUTION
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(state.keys().size());
            for (KvStore.State.Entry e : state.keys()) {
                string(out, e.key());
                string(out, e.value());
                out.writeLong(e.version());
            }
            out.writeInt(state.sessions().size());
            for (KvStore.State.Client c : state.sessions()) {
                out.writeLong(c.id());
                out.writeLong(c.seq());
                out.writeByte(c.status().ordinal());
                out.writeLong(c.version());
            }
            // ELSE STUB
            // // TODO lab 5B: write the keys and the sessions (see the format above)
            // END SOLUTION
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static KvStore.State decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a key/value snapshot (bad magic)");
            }
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("key/value snapshot format " + version + " is not supported (this build reads "
                        + VERSION + ")");
            }
            List<KvStore.State.Entry> keys = new ArrayList<>();
            List<KvStore.State.Client> clients = new ArrayList<>();
            // BEGIN SOLUTION
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                keys.add(new KvStore.State.Entry(string(in), string(in), in.readLong()));
            }
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                clients.add(new KvStore.State.Client(in.readLong(), in.readLong(), Status.values()[in.readUnsignedByte()],
                        in.readLong()));
            }
            // ELSE STUB
            // // TODO lab 5B: read back what encode wrote
            // END SOLUTION
            return new KvStore.State(keys, clients);
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("corrupt key/value snapshot: " + e, e);
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("string of " + n + " bytes runs past the end");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
