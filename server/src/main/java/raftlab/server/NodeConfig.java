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
 * Everything one node needs to start: its id (its index in {@code peers}), the address it listens on,
 * every node's base URL (its own included, the same list in the same order on every node), its data
 * directory, the cluster token, and the Raft-state size at which the store snapshots.
 */
public record NodeConfig(int id, String host, int port, List<String> peers, Path dataDir, String token, long maxRaftState,
        boolean faultInjection) {
    /** Snapshot once the durable Raft state passes 4 MiB: restarts replay little, snapshots stay cheap. */
    public static final long DEFAULT_MAX_RAFT_STATE = 4L << 20;

    /** A node without fault injection (every node but a chaos run's). */
    public NodeConfig(int id, String host, int port, List<String> peers, Path dataDir, String token, long maxRaftState) {
        this(id, host, port, peers, dataDir, token, maxRaftState, false);
    }

    public NodeConfig {
        peers = List.copyOf(peers);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node's address");
        }
        if (id < 0 || id >= peers.size()) {
            throw new IllegalArgumentException("node id " + id + " is not an index into the " + peers.size() + " peer addresses");
        }
        for (String p : peers) {
            URI u = URI.create(p);
            if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() <= 0) {
                throw new IllegalArgumentException("a peer address must look like http://host:port, not " + p);
            }
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }

    /**
     * Reads a node's config file (Java properties): {@code id}, {@code listen} (host:port), {@code peers}
     * (comma-separated URLs), {@code data}, {@code token-file}, and optionally {@code max-raft-state} and
     * {@code fault-injection} ({@code true} lets a chaos run cut the node off from peers; off by default).
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
        String listen = required(p, "listen", file);
        int colon = listen.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(file + ": listen must be host:port, not " + listen);
        }
        try {
            return new NodeConfig(Integer.parseInt(required(p, "id", file).trim()),
                    listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1).trim()),
                    Arrays.stream(required(p, "peers", file).split(",")).map(String::trim).toList(),
                    base.resolve(required(p, "data", file).trim()),
                    readToken(base.resolve(required(p, "token-file", file).trim())),
                    Long.parseLong(p.getProperty("max-raft-state", String.valueOf(DEFAULT_MAX_RAFT_STATE)).trim()),
                    Boolean.parseBoolean(p.getProperty("fault-injection", "false").trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String required(Properties p, String key, Path file) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(file + ": missing '" + key + "'");
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
