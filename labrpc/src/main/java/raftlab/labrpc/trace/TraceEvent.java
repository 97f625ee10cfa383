package raftlab.labrpc.trace;

/** One trace line under construction: add fields, then {@link #emit()}. */
public interface TraceEvent {
    TraceEvent put(String field, String value);

    TraceEvent put(String field, long value);

    TraceEvent put(String field, boolean value);

    /** Adds a field whose value is already JSON text (an RPC's arguments, say). */
    TraceEvent putJson(String field, String json);

    void emit();

    TraceEvent DISCARD = new TraceEvent() {
        @Override
        public TraceEvent put(String field, String value) {
            return this;
        }

        @Override
        public TraceEvent put(String field, long value) {
            return this;
        }

        @Override
        public TraceEvent put(String field, boolean value) {
            return this;
        }

        @Override
        public TraceEvent putJson(String field, String json) {
            return this;
        }

        @Override
        public void emit() {
        }
    };
}
