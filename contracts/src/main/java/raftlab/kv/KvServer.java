package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.Service;
import raftlab.raft.Raft;

/**
 * One replica of the key/value service, as the tester sees it: the RPC services clerks call, the
 * Raft peer underneath (whose services the host serves too), and how much client-session memory its
 * state machine holds.
 */
public interface KvServer {
    /** The services clerks call (Raft's are separate: {@code raft().services()}). */
    List<Service<?>> services();

    Raft raft();

    /** Stops the server and its Raft peer. */
    void kill();

    /** Figures of the state machine, for budgets the tests check. */
    KvStats stats();
}
