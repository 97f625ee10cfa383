package raftlab.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * A local cluster's data directory and addresses: node {@code i} serves clients on {@code firstPort + i}
 * and its peers on {@code firstPort + PEER_PORT_OFFSET + i}. The layout is {@code DATA/cluster.properties}
 * (size and ports, checked on every start; the room to grow, the nodes added and removed since),
 * {@code DATA/token}, {@code DATA/nodeN.properties}, {@code DATA/nodeN.log} and {@code DATA/nodeN/}
 * (the node's storage). {@link NodeProcesses} runs the nodes it describes.
 */
final class ClusterLayout {
    /** How far above a node's client port its peer port is (clients 7001-7009, peers 7101-7109). */
    static final int PEER_PORT_OFFSET = 100;

    private final Path data;
    private final String host;
    private final int firstPort;
    private final long maxRaftState;
    private final boolean faultInjection;
    /** How many nodes the cluster started with; ids from here on were added. */
    private final int initial;
    private final int maxNodes;
    private final List<String> urls = new ArrayList<>();
    private final List<String> peerUrls = new ArrayList<>();
    private final java.util.Set<Integer> removed = new java.util.TreeSet<>();
    private String controlUrl;

    /** Prepares (or checks, when it exists) the layout; see {@link NodeProcesses#NodeProcesses(Path, int, String, int, long, boolean, Integer)}. */
    ClusterLayout(Path data, int nodes, String host, int firstPort, long maxRaftState, boolean faultInjection, Integer maxNodes) {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("--nodes must be 1 to 9, not " + nodes);
        }
        this.data = data.toAbsolutePath().normalize();
        this.host = host;
        this.firstPort = firstPort;
        this.maxRaftState = maxRaftState;
        this.faultInjection = faultInjection;
        this.initial = nodes;
        Properties had = stored();
        int max = maxNodes != null ? maxNodes : Math.max(nodes, had != null && had.getProperty("max-nodes") != null
                ? Integer.parseInt(had.getProperty("max-nodes").trim()) : nodes);
        if (max < nodes || max > 99) {
            throw new IllegalArgumentException("--max-nodes must be " + nodes + " (--nodes) to 99, not " + max);
        }
        this.maxNodes = max;
        if (firstPort < 1 || firstPort + PEER_PORT_OFFSET + max - 1 > 65_535) {
            throw new IllegalArgumentException("--port must leave room for " + max + " client ports and " + max
                    + " peer ports " + PEER_PORT_OFFSET + " above them (1 to " + (65_535 - PEER_PORT_OFFSET - max + 1) + "), not " + firstPort);
        }
        if (max > PEER_PORT_OFFSET) {
            throw new IllegalArgumentException("--max-nodes must be at most " + PEER_PORT_OFFSET + ": client and peer ports would overlap");
        }
        int added = had == null ? 0 : Integer.parseInt(had.getProperty("added", "0").trim());
        if (had != null && !had.getProperty("removed", "").isBlank()) {
            for (String r : had.getProperty("removed").split(",")) {
                removed.add(Integer.parseInt(r.trim()));
            }
        }
        for (int i = 0; i < nodes + added; i++) {
            urls.add("http://" + host + ":" + (firstPort + i));
            peerUrls.add("http://" + host + ":" + (firstPort + PEER_PORT_OFFSET + i));
        }
        try {
            Files.createDirectories(this.data);
            checkSameCluster(had, nodes, host, firstPort);
            Path token = this.data.resolve("token");
            if (!Files.exists(token)) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                Files.writeString(token, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
            }
            for (int i = 0; i < urls.size(); i++) {
                writeConfig(i);
            }
            saveMembers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + this.data + ": " + e.getMessage(), e);
        }
    }

    /**
     * Node {@code i}'s config: a node the cluster started with knows those nodes; a node added later
     * knows every node before it too, and joins (it waits to be added to the configuration).
     */
    private void writeConfig(int i) throws IOException {
        int known = i < initial ? initial : i + 1;
        Files.writeString(config(i), "# written by ./raftlab cluster\n"
                + "id=" + i + "\n"
                + "listen=" + host + ":" + (firstPort + i) + "\n"
                + "peer-listen=" + host + ":" + (firstPort + PEER_PORT_OFFSET + i) + "\n"
                + "client-urls=" + String.join(",", urls.subList(0, known)) + "\n"
                + "peers=" + String.join(",", peerUrls.subList(0, known)) + "\n"
                + "data=node" + i + "\n"
                + "token-file=token\n"
                + "max-raft-state=" + maxRaftState + "\n"
                + "max-nodes=" + maxNodes + "\n"
                + (i >= initial ? "join=true\n" : "")
                + (faultInjection ? "fault-injection=true\n" : "")
                + (controlUrl != null ? "control-url=" + controlUrl + "\n" : ""), StandardCharsets.UTF_8);
    }

    private Properties stored() {
        Path file = data.toAbsolutePath().normalize().resolve("cluster.properties");
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    /** Records the cluster's shape: how it started (checked on every start), its room, the nodes added and removed since. */
    private void saveMembers() throws IOException {
        Path tmp = data.resolve("cluster.properties.tmp");
        Files.writeString(tmp, "nodes=" + initial + "\nhost=" + host + "\nport="
                + firstPort + "\nmax-nodes=" + maxNodes + "\nadded=" + (urls.size() - initial) + "\nremoved="
                + String.join(",", removed.stream().map(String::valueOf).toList()) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, data.resolve("cluster.properties"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING); // a crash mid-write leaves the old shape, never half of one
    }

    /** Sets up node {@code size()} (the next id) to join the running cluster; returns its id. */
    synchronized int add() {
        int id = urls.size();
        if (id >= maxNodes) {
            throw new IllegalStateException("this cluster has used all " + maxNodes + " node ids it was set up with (--max-nodes;"
                    + " ids are never reused)");
        }
        urls.add("http://" + host + ":" + (firstPort + id));
        peerUrls.add("http://" + host + ":" + (firstPort + PEER_PORT_OFFSET + id));
        try {
            writeConfig(id);
            saveMembers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up node " + id + " in " + data + ": " + e.getMessage(), e);
        }
        return id;
    }

    /** Node {@code i} was removed from the cluster: it is not started again (its data stays, for inspection). */
    synchronized void removed(int i) {
        removed.add(i);
        try {
            saveMembers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record node " + i + "'s removal in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Whether node {@code i} was removed from the cluster. */
    synchronized boolean isRemoved(int i) {
        return removed.contains(i);
    }

    /** The client URLs of the nodes not removed: where a client finds the cluster. */
    synchronized List<String> memberUrls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (!removed.contains(i)) {
                out.add(urls.get(i));
            }
        }
        return out;
    }

    /** The ids of the nodes not removed. */
    synchronized List<Integer> memberIds() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (!removed.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    int maxNodes() {
        return maxNodes;
    }

    /**
     * Tells every node (in its config, before it starts) where the supervisor's control channel is, so
     * its dashboard's fault buttons can reach it.
     */
    synchronized void announceControl(String url) {
        controlUrl = url;
        try {
            for (int i = 0; i < urls.size(); i++) {
                writeConfig(i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nodes' configs in " + data + ": " + e.getMessage(), e);
        }
    }

    /** A data directory holds one cluster: starting it with another size or other ports would lose quorum. */
    private void checkSameCluster(Properties p, int nodes, String host, int firstPort) {
        String wanted = "nodes=" + nodes + ", host=" + host + ", port=" + firstPort;
        if (p != null) {
            String had = "nodes=" + p.getProperty("nodes") + ", host=" + p.getProperty("host") + ", port=" + p.getProperty("port");
            if (!had.equals(wanted)) {
                throw new IllegalArgumentException(data + " holds a cluster with " + had + "; start it with the same"
                        + " options, or give another --data (to change its size while it runs: ./raftlab cluster add-node"
                        + " and remove-node)");
            }
        }
    }

    /** Each node's client URL. */
    synchronized List<String> urls() {
        return List.copyOf(urls);
    }

    /** Each node's peer URL (the authenticated peer channel: Raft's RPCs, a chaos run's faults). */
    synchronized List<String> peerUrls() {
        return List.copyOf(peerUrls);
    }

    /** How many node ids the cluster has used: the nodes it started with and those added since (removed ones too). */
    synchronized int size() {
        return urls.size();
    }

    Path config(int i) {
        return data.resolve("node" + i + ".properties");
    }

    Path log(int i) {
        return data.resolve("node" + i + ".log");
    }

    /** The node's storage directory. */
    Path storage(int i) {
        return data.resolve("node" + i);
    }
}
