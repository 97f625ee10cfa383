package raftlab.server.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The header of a record whose payload is {@code parts} in order (read without moving them). */
    static ByteBuffer header(ByteBuffer... parts) {
        CRC32C c = new CRC32C();
        long length = 0;
        for (ByteBuffer p : parts) {
            length += p.remaining();
            c.update(p.duplicate());
        }
        if (length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a record of " + length + " bytes is over the " + MAX_PAYLOAD + "-byte limit");
        }
        return ByteBuffer.allocate(HEADER).putInt((int) length).putInt((int) c.getValue()).flip();
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

    /** The payload of a small file written whole as one frame (the hard state, the snapshot, the manifest). */
    static byte[] readFile(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        Read r = read(data, 0);
        if (r instanceof Read.Ok ok && ok.next() == data.limit()) {
            return ok.payload();
        }
        throw new StorageCorruptedException(file, 0, r instanceof Read.Corrupt c ? c.why()
                : "incomplete or trailing bytes (it is replaced atomically, so this is not a torn write)");
    }

    /**
     * Whether the bad record at {@code offset} of the open segment is a write a crash interrupted:
     * cut short with nothing valid after it, or complete in length but zero-filled at its end (a real
     * record never ends in a zero byte: its payload is JSON). A length that points past the end while
     * valid records follow is damage, not a torn write, and stops the node.
     */
    static boolean tornFinalRecord(Path file, ByteBuffer data, long offset, Read r) {
        if (r instanceof Read.Torn) {
            long valid = validRecordAfter(data, offset + 1);
            if (valid >= 0) {
                throw new StorageCorruptedException(file, offset, "this record's length runs past the end of the file,"
                        + " but a valid record follows at byte " + valid + ": damage, not a torn write");
            }
            return true;
        }
        if (r instanceof Read.Corrupt && data.limit() - offset >= HEADER) {
            long end = offset + HEADER + data.getInt((int) offset);
            return end == data.limit() && data.get(data.limit() - 1) == 0;
        }
        return false;
    }

    /** The offset of the first whole, checksummed record starting at or after {@code from}, or -1. */
    private static long validRecordAfter(ByteBuffer data, long from) {
        for (long o = from; o + HEADER < data.limit(); o++) {
            int length = data.getInt((int) o);
            if (length > 0 && o + HEADER + length <= data.limit() && read(data, o) instanceof Read.Ok) {
                return o;
            }
        }
        return -1;
    }
}
