package raftlab.server.disk;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk record frame shared by the log segments and the small state files:
 * {@code length (int) · crc32c of the payload (int) · payload}. A frame whose bytes end before its
 * length says is torn (a crash mid-write); a complete frame whose checksum does not match is corrupt.
 */
final class Records {
    static final int HEADER = 8;
    /** No single record is larger than this (a snapshot goes in its own file, framed once). */
    static final int MAX_PAYLOAD = 1 << 30;

    private Records() {
    }

    static ByteBuffer frame(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        return b;
    }

    static int crc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload);
        return (int) c.getValue();
    }

    /** What reading a frame at some offset found. */
    sealed interface Read {
        /** A whole frame with a matching checksum; {@code next} is the offset after it. */
        record Ok(byte[] payload, long next) implements Read {
        }

        /** The bytes end inside the frame: a torn write. */
        record Torn() implements Read {
        }

        /** A complete frame that is not what was written. */
        record Corrupt(String why) implements Read {
        }
    }

    private static boolean zeros(ByteBuffer data, long offset) {
        for (int i = (int) offset; i < data.limit(); i++) {
            if (data.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Reads the frame at {@code offset} of {@code data}. */
    static Read read(ByteBuffer data, long offset) {
        long remaining = data.limit() - offset;
        if (remaining < HEADER || zeros(data, offset)) {
            return new Read.Torn(); // a short tail, or a tail the file system extended with zeros
        }
        int length = data.getInt((int) offset);
        int crc = data.getInt((int) offset + 4);
        if (length < 0 || length > MAX_PAYLOAD) {
            return new Read.Corrupt("record length " + length + " is impossible");
        }
        if (remaining < HEADER + (long) length) {
            return new Read.Torn();
        }
        byte[] payload = new byte[length];
        data.get((int) offset + HEADER, payload);
        if (crc(payload) != crc) {
            return new Read.Corrupt("checksum mismatch in a " + length + "-byte record");
        }
        return new Read.Ok(payload, offset + HEADER + length);
    }
}
