package raftlab.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import raftlab.kv.KvClerk;
import raftlab.kv.KvEnv;
import raftlab.kv.KvFactory;
import raftlab.kvservice.KvNode;
import raftlab.kvservice.KvReply;
import raftlab.kvservice.KvRequest;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.raft.PeerState;
import raftlab.raft.Raft;
import raftlab.raft.RaftInspection;
import raftlab.server.RaftHttpNode;
import raftlab.server.api.ClientApi;
import raftlab.server.api.ClusterStatus;
import raftlab.server.api.ClusterView;
import raftlab.server.api.NodeStatus;
import raftlab.server.metrics.Histogram;
import raftlab.server.net.PeerAuth;
import raftlab.snapshots.kv.SnapshotKvLab;

/**
 * One node of the real key/value store: lab 5's service on lab 5's Raft, unchanged, with its state on
 * disk, its peer RPCs over HTTP, and the client API and dashboard on the same port.
 */
public final class KvServerNode implements ClientApi.Backend, AutoCloseable {
    private final RaftHttpNode node;
    private final ClientApi api = new ClientApi();
    private final KvFactory lab = SnapshotKvLab.factory();
    private NodeConfig config;
    private KvNode kv;
    private List<ClientEnd> ends;
    private NodeRuntime front;
    private ClusterView view;

    private KvServerNode(String host, int port, String token) {
        this.node = RaftHttpNode.bind(host, port, new PeerAuth(token), api);
    }

    /** Listens, recovers the node's state from its data directory, and starts serving. */
    public static KvServerNode start(NodeConfig config) {
        KvServerNode n = bind(config.host(), config.port(), config.token());
        try {
            n.serve(config);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Listens on {@code host:port} ({@code 0}: any free port) without serving yet, so a test can learn
     * every node's port before any node needs the others' addresses.
     */
    public static KvServerNode bind(String host, int port, String token) {
        return new KvServerNode(host, port, token);
    }

    /** Recovers the node's state from {@code config}'s data directory and starts serving. */
    public synchronized void serve(NodeConfig config) {
        this.config = config;
        node.start(config.id(), config.peers(), config.dataDir(), parts -> {
            if (config.faultInjection()) { // before the node answers peers: a chaos run never finds it half set up
                node.allowFaultInjection(config.id(), config.peers());
            }
            kv = SnapshotKvLab.node(new KvEnv(parts.me(), parts.peers(), parts.runtime(), parts.storage(), lab.raft(),
                    config.maxRaftState()));
            List<Service<?>> services = new ArrayList<>(kv.services());
            services.addAll(kv.raft().services());
            return new RaftHttpNode.Replica(services, kv.raft());
        });
        front = node.newRuntime("front");
        ends = new ArrayList<>();
        for (int j = 0; j < config.peers().size(); j++) {
            ends.add(node.clientEnd(j, front));
        }
        view = new ClusterView(config.id(), config.peers(), this::status);
        api.serve(this);
    }

    public int port() {
        return node.port();
    }

    /** Completes when this node's storage failed: it acknowledges nothing more (see {@link RaftHttpNode#storageFailed}). */
    public CompletableFuture<IOException> storageFailed() {
        return node.storageFailed();
    }

    @Override
    public String storageProblem() {
        IOException e = node.storageFailed().getNow(null);
        return e == null ? null : "storage failed: " + e.getMessage() + "; the node accepts nothing until it is restarted";
    }


    public Raft raft() {
        return kv.raft();
    }

    @Override
    public KvClerk newClerk() {
        return lab.clerk(ends, front);
    }

    @Override
    public KvReply readLocally(KvRequest read) {
        return kv.readLocally(read);
    }

    @Override
    public NodeStatus status() {
        Raft raft = kv.raft();
        PeerState state = raft.state();
        RaftInspection log = raft.inspect();
        long[] indexes = new long[3];
        log.locked(() -> {
            indexes[0] = log.commitIndex();
            indexes[1] = log.lastLogIndex();
            indexes[2] = log.logBase();
        });
        return new NodeStatus(config.id(), config.peers().get(config.id()), true,
                state.leader() ? NodeStatus.LEADER : NodeStatus.FOLLOWER, state.term(), indexes[0], kv.appliedIndex(),
                indexes[1], indexes[2], raft.persistedBytes(), node.storage().snapshotBytes(), kv.stats().keys(),
                node.storage().syncCount(), null);
    }

    @Override
    public CompletableFuture<ClusterStatus> clusterStatus() {
        return view.status();
    }

    @Override
    public Histogram fsyncLatency() {
        return node.storage().syncLatency();
    }

    @Override
    public void close() {
        api.serve(null);
        if (view != null) {
            view.close();
        }
        if (kv != null) {
            kv.kill();
        }
        node.close();
    }
}
