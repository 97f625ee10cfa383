package raftlab.server;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything one node needs to start: its id (its index in the URL lists), the two addresses it listens
 * on (clients, and its peers apart from them, so client traffic cannot crowd out Raft's), every node's
 * client URL and peer URL (its own included, the same lists in the same order on every node), its data
 * directory, the cluster token, and the Raft-state size at which the store snapshots.
 *
 * <p>Membership changes: {@code maxNodes} is how many node ids the cluster may ever use (the same on
 * every node; ids are never reused, so it bounds the adds over the cluster's life); the lists name the
 * nodes known when this node was set up, and a node learns later ones from the cluster itself. A node
 * with {@code join} starts as no member at all and waits to be added ({@code POST /cluster/members}).
 */
public record NodeConfig(int id, Address listen, Address peerListen, List<String> clientUrls, List<String> peers, Path dataDir,
        String token, long maxRaftState, boolean faultInjection, String controlUrl, int maxNodes, boolean join) {
    /** The most node ids a cluster may use: each is a slot in every node's peer list. */
    public static final int MAX_NODES_LIMIT = 64;

    /** Snapshot once the durable Raft state passes 4 MiB: restarts replay little, snapshots stay cheap. */
    public static final long DEFAULT_MAX_RAFT_STATE = 4L << 20;

    /** A host and port to listen on ({@code 0}: any free port). */
    public record Address(String host, int port) {
        public Address {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("an address needs a host");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
        }

        /** {@code host:port}, as a config file or a flag gives it; {@code what} names it in the error. */
        public static Address parse(String text, String what) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(what + " must be host:port, not " + text);
            }
            try {
                return new Address(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " must end with a port number, not " + text);
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A node without fault injection (every node but a local cluster's or a chaos run's). */
    public NodeConfig(int id, Address listen, Address peerListen, List<String> clientUrls, List<String> peers, Path dataDir,
            String token, long maxRaftState) {
        this(id, listen, peerListen, clientUrls, peers, dataDir, token, maxRaftState, false);
    }

    /** A node that no supervisor controls (every node but one started by {@code ./raftlab cluster}). */
    public NodeConfig(int id, Address listen, Address peerListen, List<String> clientUrls, List<String> peers, Path dataDir,
            String token, long maxRaftState, boolean faultInjection) {
        this(id, listen, peerListen, clientUrls, peers, dataDir, token, maxRaftState, faultInjection, null);
    }

    /** A node of a cluster whose size is fixed: no room for membership changes. */
    public NodeConfig(int id, Address listen, Address peerListen, List<String> clientUrls, List<String> peers, Path dataDir,
            String token, long maxRaftState, boolean faultInjection, String controlUrl) {
        this(id, listen, peerListen, clientUrls, peers, dataDir, token, maxRaftState, faultInjection, controlUrl, peers.size(), false);
    }

    public NodeConfig {
        clientUrls = List.copyOf(clientUrls);
        peers = List.copyOf(peers);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node's address");
        }
        if (clientUrls.size() != peers.size()) {
            throw new IllegalArgumentException("every node needs a client URL and a peer URL: " + clientUrls.size()
                    + " client URLs for " + peers.size() + " peer URLs");
        }
        if (id < 0 || id >= peers.size()) {
            throw new IllegalArgumentException("node id " + id + " is not an index into the " + peers.size() + " peer addresses");
        }
        for (String u : clientUrls) {
            checkUrl(u, "a client URL");
        }
        for (String p : peers) {
            checkUrl(p, "a peer URL");
        }
        if (controlUrl != null) {
            checkUrl(controlUrl, "the control URL");
        }
        if (maxNodes < peers.size() || maxNodes > MAX_NODES_LIMIT) {
            throw new IllegalArgumentException("max-nodes must be " + peers.size() + " (the nodes listed) to " + MAX_NODES_LIMIT
                    + ", not " + maxNodes);
        }
        if (listen.port() != 0 && listen.equals(peerListen)) {
            throw new IllegalArgumentException("clients and peers need two addresses, not both " + listen);
        }
    }

    private static void checkUrl(String url, String what) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must look like http://host:port, not " + url);
        }
        if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
            throw new IllegalArgumentException(what + " must look like http://host:port, not " + url);
        }
    }

    /**
     * The configuration this node starts in while its storage holds none: every listed node a voter,
     * or, for a node that joins a running cluster, none (it learns its configuration from the leader).
     */
    public raftlab.raft.Membership members() {
        return join ? raftlab.raft.Membership.NONE : raftlab.raft.Membership.allOf(peers.size());
    }

    /** This node's own client URL (what the dashboard and the cluster status show for it). */
    public String url() {
        return clientUrls.get(id);
    }

    /**
     * Reads a node's config file (Java properties): {@code id}, {@code listen} (host:port for clients),
     * {@code peer-listen} (host:port for peers), {@code client-urls} and {@code peers} (comma-separated
     * URLs, one per node), {@code data}, {@code token-file}, and optionally {@code max-raft-state} and
     * {@code fault-injection} ({@code true} lets a chaos run cut the node off from peers; off by default), and
     * {@code control-url} (written by {@code ./raftlab cluster}: its supervisor's control channel, which
     * the dashboard's fault buttons reach through the node), {@code max-nodes} (how many node ids the
     * cluster may ever use; default: the nodes listed, so no node can be added) and {@code join}
     * ({@code true}: this node was added to a running cluster, see {@link #members()}).
     * Relative paths are relative to the file.
     */
    public static NodeConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the config file " + file + ": " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        try {
            List<String> peers = urls(required(p, "peers", file));
            return new NodeConfig(Integer.parseInt(required(p, "id", file).trim()),
                    Address.parse(required(p, "listen", file), file + ": listen"),
                    Address.parse(required(p, "peer-listen", file), file + ": peer-listen"),
                    urls(required(p, "client-urls", file)), peers,
                    // Not normalize()d: "conf/../data" must mean what the OS makes of it when conf is a symlink.
                    base.resolve(required(p, "data", file).trim()),
                    readToken(base.resolve(required(p, "token-file", file).trim())),
                    Long.parseLong(p.getProperty("max-raft-state", String.valueOf(DEFAULT_MAX_RAFT_STATE)).trim()),
                    Boolean.parseBoolean(p.getProperty("fault-injection", "false").trim()),
                    p.getProperty("control-url") == null ? null : p.getProperty("control-url").trim(),
                    Integer.parseInt(p.getProperty("max-nodes", String.valueOf(peers.size())).trim()),
                    Boolean.parseBoolean(p.getProperty("join", "false").trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static List<String> urls(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).toList();
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'" + (key.equals("peer-listen") || key.equals("client-urls")
                    ? " (a node listens for clients and for peers on two ports: see docs/cluster.md, \"A cluster over several hosts\")" : ""));
        }
        return v;
    }

    /** The token in {@code file}, trimmed. */
    public static String readToken(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }
}
