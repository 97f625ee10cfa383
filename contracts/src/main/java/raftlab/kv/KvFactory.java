package raftlab.kv;

import java.util.List;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.raft.RaftFactory;

/** How the tester makes a lab's servers and clerks. */
public interface KvFactory {
    /** The Raft the servers run on (the tester wraps it to watch the apply stream). */
    RaftFactory raft();

    KvServer server(KvEnv env);

    /** A clerk running on {@code runtime}, with one end per server (in the order the tester chose). */
    KvClerk clerk(List<ClientEnd> servers, Runtime runtime);
}
