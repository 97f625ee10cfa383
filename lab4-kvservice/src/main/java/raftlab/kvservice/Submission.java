// SOLUTION FILE
package raftlab.kvservice;

import raftlab.labrpc.net.Opaque;

/**
 * A command as the replicated state machine puts it in the log: tagged with an id unique to the
 * server incarnation that submitted it, so that server can tell whether the entry applied at the
 * index Raft gave it is its own or one a later leader put there instead.
 */
record Submission(String id, Opaque command) {
    @Override
    public String toString() {
        return command + " [from " + id + "]"; // the command first: it is what a reader of the log looks for
    }
}
