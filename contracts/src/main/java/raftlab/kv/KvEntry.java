package raftlab.kv;

/** One key of a range read, with its value and version. */
public record KvEntry(String key, String value, long version) {
}
