package raftlab.kvservice;

import java.util.List;
import raftlab.kv.KvClerk;
import raftlab.kv.KvEnv;
import raftlab.kv.KvFactory;
import raftlab.kv.KvServer;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.persistence.DurableNode;
import raftlab.raft.RaftFactory;

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
