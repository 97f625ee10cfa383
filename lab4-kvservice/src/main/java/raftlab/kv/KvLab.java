package raftlab.kv;

import java.util.List;
import raftlab.labrpc.kv.KvClerk;
import raftlab.labrpc.kv.KvEnv;
import raftlab.labrpc.kv.KvFactory;
import raftlab.labrpc.kv.KvServer;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.runtime.Runtime;
import raftlab.persistence.DurableNode;

/** Lab 4's assembly: the key/value service and its clerk, on lab 3's durable Raft. */
public final class KvLab implements KvFactory {
    private KvLab() {
    }

    public static KvFactory factory() {
        return new KvLab();
    }

    @Override
    public RaftFactory raft() {
        return DurableNode.factory();
    }

    @Override
    public KvServer server(KvEnv env) {
        return new KvNode(env);
    }

    @Override
    public KvClerk clerk(List<ClientEnd> servers, Runtime runtime) {
        return new Clerk(servers, runtime);
    }
}
