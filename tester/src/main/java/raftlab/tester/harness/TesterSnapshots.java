package raftlab.tester.harness;

import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import raftlab.labrpc.net.Codec;
import raftlab.labrpc.net.Opaque;

/**
 * The snapshots the Raft tester takes as the service of lab 5's Raft tests (6.5840's
 * {@code applierSnap}): every command applied so far, index 1 first, so an installed snapshot can be
 * checked against what was committed.
 */
final class TesterSnapshots {
    private static final Type LIST = new TypeToken<List<Opaque>>() { }.getType();

    private TesterSnapshots() {
    }

    static byte[] encode(List<Object> commands) {
        List<Opaque> wrapped = new ArrayList<>(commands.size());
        for (Object c : commands) {
            if (c == null) {
                throw new IllegalStateException("the tester's snapshot has a gap: a command below its index was never applied");
            }
            wrapped.add(Opaque.of(c));
        }
        return Codec.encodeBytes(wrapped);
    }

    static List<Object> decode(byte[] data) {
        List<Opaque> wrapped = Codec.decode(data, LIST);
        List<Object> out = new ArrayList<>(wrapped.size());
        for (Opaque o : wrapped) {
            out.add(o.value());
        }
        return out;
    }
}
