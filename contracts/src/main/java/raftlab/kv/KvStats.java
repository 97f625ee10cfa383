package raftlab.kv;

/**
 * Figures of one replica's state machine: keys stored, client sessions remembered for exactly-once
 * writes, and the bytes those sessions take when encoded (what a snapshot would carry for them).
 */
public record KvStats(long keys, long sessions, long sessionBytes) {
}
