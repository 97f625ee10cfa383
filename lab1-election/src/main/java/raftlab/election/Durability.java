package raftlab.election;

import raftlab.labrpc.storage.HardState;

/**
 * Seam: where term and vote live. The node saves them whenever they change, before it replies or
 * sends. Lab 1 keeps them in memory ({@link #volatileState()}), so a restarted node forgets them;
 * lab 3 makes them durable.
 */
public interface Durability {
    HardState load();

    void save(HardState state);

    static Durability volatileState() {
        return new Durability() {
            private HardState state = HardState.INITIAL;

            @Override
            public HardState load() {
                return state;
            }

            @Override
            public void save(HardState s) {
                state = s;
            }
        };
    }
}
