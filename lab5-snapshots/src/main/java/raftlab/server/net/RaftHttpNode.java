package raftlab.server.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Server;
import raftlab.labrpc.net.Service;
import raftlab.labrpc.raft.ApplyMsg;
import raftlab.labrpc.raft.PeerEnv;
import raftlab.labrpc.raft.Raft;
import raftlab.labrpc.raft.RaftFactory;
import raftlab.labrpc.runtime.NodeRuntime;
import raftlab.labrpc.runtime.RealWorld;
import raftlab.labrpc.trace.TraceSink;
import raftlab.server.disk.FileStorage;

/**
 * One Raft peer as a real process would run it: the labs' node code on the real-time runtime, its
 * state in a {@link FileStorage}, its RPCs over HTTP. {@link #bind} opens the port first (peers get
 * 503 until {@link #start}), so a test can learn every port before any node needs its peers' URLs.
 */
public final class RaftHttpNode implements AutoCloseable {
    private final org.eclipse.jetty.server.Server http = new org.eclipse.jetty.server.Server();
    private final RaftRpcHandler rpc;
    private final PeerAuth auth;
    private RealWorld world;
    private NodeRuntime runtime;
    private FileStorage storage;
    private HttpTransport transport;
    private Raft raft;

    private RaftHttpNode(PeerAuth auth) {
        this.auth = auth;
        this.rpc = new RaftRpcHandler(auth);
    }

    /** Listens on {@code host:port} ({@code 0}: any free port). */
    public static RaftHttpNode bind(String host, int port, PeerAuth auth) {
        RaftHttpNode n = new RaftHttpNode(auth);
        ServerConnector connector = new ServerConnector(n.http);
        connector.setHost(host);
        connector.setPort(port);
        n.http.addConnector(connector);
        n.http.setHandler(n.rpc);
        try {
            n.http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return n;
    }

    public int port() {
        return ((ServerConnector) http.getConnectors()[0]).getLocalPort();
    }

    /**
     * Starts peer {@code me} of the cluster whose peers listen at {@code urls} (its own included),
     * with its state in {@code dataDir}.
     */
    public synchronized void start(int me, List<String> urls, Path dataDir, RaftFactory factory, Consumer<ApplyMsg> apply) {
        world = new RealWorld(System.nanoTime() ^ me, 4, TraceSink.NONE);
        runtime = world.newNodeRuntime("S" + me, 1);
        storage = FileStorage.open(dataDir);
        Map<String, String> urlByEnd = new HashMap<>();
        List<ClientEnd> ends = new ArrayList<>();
        for (int j = 0; j < urls.size(); j++) {
            String name = "S" + me + "->S" + j;
            urlByEnd.put(name, urls.get(j));
        }
        transport = new HttpTransport(urlByEnd, auth);
        for (int j = 0; j < urls.size(); j++) {
            ends.add(ClientEnd.over(transport, "S" + me + "->S" + j, runtime));
        }
        raft = factory.make(new PeerEnv(me, ends, runtime, storage, apply));
        Server server = new Server(runtime);
        for (Service<?> s : raft.services()) {
            server.add(s);
        }
        rpc.serve(server);
    }

    public synchronized Raft raft() {
        return raft;
    }

    /** Stops the node as a crash would, but cleanly: nothing more is sent, applied or written. */
    @Override
    public synchronized void close() {
        try {
            if (raft != null) {
                raft.kill();
                runtime.halt();
            }
            http.stop();
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
