package raftlab.labrpc.net;

import java.util.Objects;

/**
 * A value of any registered type that travels through RPCs and storage intact: Raft log commands,
 * for instance, which Raft stores without knowing their type. On the wire it is the pair
 * {@code [type, value]}; only types known to {@link Codec} (the JDK's boxed scalars and strings,
 * plus whatever was {@link Codec#register registered}) can be decoded, so nobody can make a node
 * instantiate an arbitrary class.
 */
public final class Opaque {
    private final Object value;

    private Opaque(Object value) {
        this.value = value;
    }

    public static Opaque of(Object value) {
        Objects.requireNonNull(value, "a command or opaque value cannot be null");
        Codec.requireRegistered(value.getClass());
        return new Opaque(value);
    }

    public Object value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Opaque other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
