// SOLUTION FILE
package raftlab.snapshots.kv;

import raftlab.kvservice.StateMachine;

/** A state machine that can give its whole state as bytes and take it back. */
interface Snapshottable extends StateMachine {
    /** Everything the state machine holds, as of the last command it applied. */
    byte[] snapshot();

    /** Replaces the whole state with a snapshot's; a snapshot it cannot read changes nothing. */
    void restore(byte[] snapshot);
}
