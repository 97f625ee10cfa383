package raftlab.snapshots.kv;

import java.util.List;
import raftlab.kv.KvClerk;
import raftlab.kv.KvEnv;
import raftlab.kv.KvFactory;
import raftlab.kv.KvServer;
import raftlab.kvservice.KvLab;
import raftlab.kvservice.KvNode;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.runtime.Runtime;
import raftlab.raft.RaftFactory;
import raftlab.snapshots.CompactingNode;

/** Lab 5's key/value service: lab 4's, snapshotted, on lab 5's compacting Raft. */
public final class SnapshotKvLab implements KvFactory {
    private SnapshotKvLab() {
    }

    public static KvFactory factory() {
        return new SnapshotKvLab();
    }

    @Override
    public RaftFactory raft() {
        return CompactingNode.factory();
    }

    @Override
    public KvServer server(KvEnv env) {
        return node(env);
    }

    /** Lab 5's replica itself, for the real server, which also reads its state and applied index. */
    public static KvNode node(KvEnv env) {
        return new SnapshotKvNode(env);
    }

    @Override
    public KvClerk clerk(List<ClientEnd> servers, Runtime runtime) {
        return KvLab.factory().clerk(servers, runtime); // lab 4's clerk, unchanged
    }
}
