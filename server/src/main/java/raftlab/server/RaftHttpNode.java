package raftlab.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Server;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.labrpc.runtime.RealWorld;
import raftlab.labrpc.trace.TraceSink;
import raftlab.raft.ApplyMsg;
import raftlab.raft.Membership;
import raftlab.raft.PeerEnv;
import raftlab.raft.Raft;
import raftlab.raft.RaftFactory;
import raftlab.raft.RaftOptions;
import raftlab.server.disk.FileStorage;
import raftlab.server.net.HttpListener;
import raftlab.server.net.HttpTransport;
import raftlab.server.net.PeerAuth;
import raftlab.server.net.RaftRpcHandler;

/**
 * One Raft peer as a real process would run it: the labs' node code on the real-time runtime, its
 * state in a {@link FileStorage}, its RPCs over HTTP on a listener of its own (clients are served
 * elsewhere, so they cannot take what Raft's messages need). {@link #bind} opens the port first (peers
 * get 503 until {@link #start}), so a test can learn every port before any node needs its peers' URLs.
 */
public final class RaftHttpNode implements AutoCloseable {
    /** What a node is made of, for whatever runs on it (a bare Raft, or the KV service on its Raft). */
    public record Parts(int me, List<ClientEnd> peers, NodeRuntime runtime, FileStorage storage, Membership members) {
    }

    /** What runs on a node: the RPC services it serves to its peers, and its Raft (killed on close). */
    public record Replica(List<Service<?>> services, Raft raft) {
    }

    /**
     * A connection silent this long is closed (a stalled request line, header or body), and a body
     * must arrive whole within this long of its headers (408 otherwise): what a stalled or dripping
     * client can hold is one connection for at most this long. The largest peer message allowed
     * (16 MiB) needs 0.6 MB/s.
     */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The peer listener's share: a few connections per peer (the HTTP client pools them) and threads
     * that only decode a message and hand it to the node's runtime.
     */
    public static final HttpListener.Limits PEER_LIMITS = new HttpListener.Limits(16, 256, IDLE_TIMEOUT);

    private final HttpListener peers;
    private final RaftRpcHandler rpc;
    private final PeerAuth auth;
    private RealWorld world;
    private NodeRuntime runtime;
    private FileStorage storage;
    private HttpTransport transport;
    private Raft raft;
    private int me;
    /** Every node's peer URL this node knows, by id. */
    private final Map<Integer, String> peerUrls = new java.util.concurrent.ConcurrentHashMap<>();
    /** Completes with the first write or force that failed (crash-only: the storage accepts nothing after it). */
    private final CompletableFuture<IOException> storageFailed = new CompletableFuture<>();

    private RaftHttpNode(String host, int port, PeerAuth auth, Duration idleTimeout) {
        this.auth = auth;
        this.rpc = new RaftRpcHandler(auth);
        this.peers = HttpListener.open("peers", host, port, PEER_LIMITS.withIdleTimeout(idleTimeout), rpc);
    }

    /** Listens for peers on {@code host:port} ({@code 0}: any free port). */
    public static RaftHttpNode bind(String host, int port, PeerAuth auth) {
        return bind(host, port, auth, IDLE_TIMEOUT);
    }

    /** As {@link #bind(String, int, PeerAuth)}, with another {@link #IDLE_TIMEOUT} (tests). */
    public static RaftHttpNode bind(String host, int port, PeerAuth auth, Duration idleTimeout) {
        return new RaftHttpNode(host, port, auth, idleTimeout);
    }

    /** The port peers reach this node on. */
    public int port() {
        return peers.port();
    }

    /**
     * Starts peer {@code me} of the cluster whose peers listen at {@code urls} (its own included),
     * with its state in {@code dataDir}, running a bare Raft that applies to {@code apply}.
     */
    public void start(int me, List<String> urls, Path dataDir, RaftFactory factory, Consumer<ApplyMsg> apply) {
        start(me, urls, dataDir, parts -> {
            Raft r = factory.make(new PeerEnv(parts.me(), parts.peers(), parts.runtime(), parts.storage(), apply, RAFT_OPTIONS,
                    parts.members()));
            return new Replica(r.services(), r);
        });
    }

    /**
     * A real cluster runs pre-vote and check-quorum (thesis §9.6), as etcd does: a node cut off for a
     * while (a stalled disk, a starved pool, a partition) comes back without a raised term, so it
     * does not depose a healthy leader, and a leader cut off in a minority stops claiming to lead.
     */
    public static final RaftOptions RAFT_OPTIONS = RaftOptions.STABLE_LEADER;

    /**
     * Threads of the node's runtime (the replica's handlers and timers, the clerks): one per core, 2 to
     * 4. The replica's work is serialized by its lock anyway, so threads beyond the cores only add
     * wake-ups and hand-offs of that lock: on 2 cores, 2 threads instead of 4 took 24 % of the context
     * switches and 30 % of the CPU out of a write (the commit that chose this has the A/B).
     */
    static final int RUNTIME_THREADS = Math.max(2, Math.min(4, java.lang.Runtime.getRuntime().availableProcessors()));

    /** Starts peer {@code me} of a cluster of fixed size running what {@code build} makes of the node's parts. */
    public void start(int me, List<String> urls, Path dataDir, Function<Parts, Replica> build) {
        start(me, urls, urls.size(), Membership.allOf(urls.size()), dataDir, build);
    }

    /**
     * Starts peer {@code me} running what {@code build} makes of the node's parts, with one peer end per
     * node id the cluster may use ({@code slots}; {@code urls} names the ones known now, and
     * {@link #address} the later ones), in configuration {@code members} while its storage holds none.
     */
    public synchronized void start(int me, List<String> urls, int slots, Membership members, Path dataDir,
            Function<Parts, Replica> build) {
        world = new RealWorld(System.nanoTime() ^ me, RUNTIME_THREADS, TraceSink.NONE);
        runtime = world.newNodeRuntime("S" + me, 1);
        storage = FileStorage.open(dataDir);
        storage.onFailure(storageFailed::complete);
        this.me = me;
        transport = new HttpTransport(Map.of(), auth);
        for (int j = 0; j < urls.size(); j++) {
            address(j, urls.get(j));
        }
        List<ClientEnd> ends = new ArrayList<>();
        for (int j = 0; j < slots; j++) {
            ends.add(ClientEnd.over(transport, endName(me, j), runtime));
        }
        Replica replica = build.apply(new Parts(me, ends, runtime, storage, members));
        raft = replica.raft();
        Server server = new Server(runtime);
        for (Service<?> s : replica.services()) {
            server.add(s);
        }
        transport.serveLocally(urls.get(me), server);
        rpc.serve(server);
    }

    /**
     * Where node {@code id} listens for peers from now on (a node added to the cluster, or one known
     * before): this node's Raft and clerks reach it there.
     */
    public synchronized void address(int id, String peerUrl) {
        peerUrls.put(id, peerUrl);
        transport.route(endName(me, id), peerUrl);
        transport.route(clientEndName(id), peerUrl);
    }

    private static String endName(int from, int to) {
        return "S" + from + "->S" + to;
    }

    private static String clientEndName(int to) {
        return "client->S" + to; // the transport is this node's own, so the name need not say whose
    }

    /** A runtime of this node's world for other tasks than the replica's (the client API's clerks). */
    public synchronized NodeRuntime newRuntime(String name) {
        return world.newNodeRuntime(name, 1);
    }

    /** An end from this node's client side to peer {@code to}'s services, answering on {@code owner}. */
    public synchronized ClientEnd clientEnd(int to, NodeRuntime owner) {
        return ClientEnd.over(transport, clientEndName(to), owner);
    }

    public synchronized Raft raft() {
        return raft;
    }

    /**
     * Lets a chaos run cut this node off from chosen peers over the authenticated peer channel
     * ({@code POST /raft/faults}); never on unless the node's config asks for it.
     */
    public synchronized void allowFaultInjection() {
        HttpTransport t = transport;
        int self = me;
        rpc.allowFaults(ids -> {
            Set<String> cut = new HashSet<>();
            for (int id : ids) {
                String url = peerUrls.get(id);
                if (url == null || id == self) {
                    throw new IllegalArgumentException("peer " + id + " is not another node of this cluster (it knows "
                            + new java.util.TreeSet<>(peerUrls.keySet()) + ")");
                }
                cut.add(url);
            }
            t.cutOff(cut);
        });
    }

    /** How many of its peers' calls of {@code method} ({@code Interface.method}) this node has answered. */
    public long answered(String method) {
        return rpc.answered(method);
    }

    /** The node's peer transport, for callers that talk to the peers' services as this node does. */
    public synchronized HttpTransport transport() {
        return transport;
    }

    /**
     * Completes when the node's storage failed (a full disk, an I/O error). The node then acknowledges
     * nothing more; the process running it should stop, and a restart recovers from the disk.
     */
    public CompletableFuture<IOException> storageFailed() {
        return storageFailed;
    }

    public synchronized FileStorage storage() {
        return storage;
    }

    /** Stops the node as a crash would, but cleanly: nothing more is sent, applied or written. */
    @Override
    public synchronized void close() {
        try {
            if (raft != null) {
                raft.kill();
                runtime.halt();
            }
            rpc.serve(null);
            peers.close();
            if (transport != null) {
                transport.close();
            }
            if (world != null) {
                world.close(); // no task of this node runs any more: only then is the storage closed
            }
            if (storage != null) {
                storage.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("stopping the node failed", e);
        }
    }
}
