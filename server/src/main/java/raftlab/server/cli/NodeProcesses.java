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
import java.util.concurrent.TimeUnit;
import raftlab.server.NodeConfig;

/**
 * A local cluster's node processes: one JVM per node on 127.0.0.1, each started from its own config
 * file under the data directory and writing its output to {@code nodeN.log} there. Node {@code i}
 * serves clients on {@code firstPort + i} and its peers on {@code firstPort + PEER_PORT_OFFSET + i}. The layout is
 * {@code DATA/cluster.properties} (size and ports, checked on every start; the nodes added and removed
 * since), {@code DATA/token}, {@code DATA/nodeN.properties}, {@code DATA/nodeN.log} and {@code DATA/nodeN/}
 * (the node's storage). With room to grow ({@code maxNodes}), {@link #add} starts a node that joins the
 * running cluster; a node removed from it ({@link #removed}) is never started again.
 */
public final class NodeProcesses implements AutoCloseable {
    /** The class path of a node's JVM: jars, set by the launcher; without it, this JVM's own class path. */
    static final String NODE_CLASSPATH = "raftlab.nodeClasspath";
    /** The class-data-sharing archive nodes start from, set by the launcher (it deletes it when the jars change). */
    static final String NODE_ARCHIVE = "raftlab.nodeArchive";

    /** Each node's JVM options, unless {@code RAFTLAB_NODE_JAVA_OPTS} gives others. */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";
    /** How far above a node's client port its peer port is (clients 7001-7009, peers 7101-7109). */
    public static final int PEER_PORT_OFFSET = 100;

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
    private final List<Process> processes = new ArrayList<>();
    private final java.util.Set<Integer> removed = new java.util.TreeSet<>();
    private String controlUrl;

    /** Prepares (or checks, when it exists) a cluster of {@code nodes} on ports from {@code firstPort}. */
    public NodeProcesses(Path data, int nodes, String host, int firstPort) {
        this(data, nodes, host, firstPort, NodeConfig.DEFAULT_MAX_RAFT_STATE);
    }

    /** The same, snapshotting once a node's Raft state passes {@code maxRaftState} bytes. */
    public NodeProcesses(Path data, int nodes, String host, int firstPort, long maxRaftState) {
        this(data, nodes, host, firstPort, maxRaftState, false);
    }

    /** The same; with {@code faultInjection}, the nodes accept a chaos run's partitions ({@code POST /raft/faults}). */
    public NodeProcesses(Path data, int nodes, String host, int firstPort, long maxRaftState, boolean faultInjection) {
        this(data, nodes, host, firstPort, maxRaftState, faultInjection, null);
    }

    /**
     * The same, with ids for {@code maxNodes} nodes over the cluster's life (null: what the data
     * directory says, else {@code nodes}: no room to add one).
     */
    public NodeProcesses(Path data, int nodes, String host, int firstPort, long maxRaftState, boolean faultInjection, Integer maxNodes) {
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
            processes.add(null);
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

    /**
     * Sets up node {@code size()} (the next id) to join the running cluster and starts it; the caller
     * then asks the cluster to add it ({@code POST /cluster/members}). Returns its id.
     */
    public synchronized int add() {
        int id = urls.size();
        if (id >= maxNodes) {
            throw new IllegalStateException("this cluster has used all " + maxNodes + " node ids it was set up with (--max-nodes;"
                    + " ids are never reused)");
        }
        urls.add("http://" + host + ":" + (firstPort + id));
        peerUrls.add("http://" + host + ":" + (firstPort + PEER_PORT_OFFSET + id));
        processes.add(null);
        try {
            writeConfig(id);
            saveMembers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up node " + id + " in " + data + ": " + e.getMessage(), e);
        }
        start(id);
        return id;
    }

    /** Node {@code i} was removed from the cluster: it is not started again (its data stays, for inspection). */
    public synchronized void removed(int i) {
        removed.add(i);
        try {
            saveMembers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record node " + i + "'s removal in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Whether node {@code i} was removed from the cluster. */
    public synchronized boolean isRemoved(int i) {
        return removed.contains(i);
    }

    /** The client URLs of the nodes not removed: where a client finds the cluster. */
    public synchronized List<String> memberUrls() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (!removed.contains(i)) {
                out.add(urls.get(i));
            }
        }
        return out;
    }

    /** The ids of the nodes not removed. */
    public synchronized List<Integer> memberIds() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            if (!removed.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    public int maxNodes() {
        return maxNodes;
    }

    /**
     * Tells every node (in its config, before it starts) where the supervisor's control channel is, so
     * its dashboard's fault buttons can reach it.
     */
    public synchronized void announceControl(String url) {
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
    public synchronized List<String> urls() {
        return List.copyOf(urls);
    }

    /** Each node's peer URL (the authenticated peer channel: Raft's RPCs, a chaos run's faults). */
    public synchronized List<String> peerUrls() {
        return List.copyOf(peerUrls);
    }

    /** How many node ids the cluster has used: the nodes it started with and those added since (removed ones too). */
    public synchronized int size() {
        return urls.size();
    }

    public Path config(int i) {
        return data.resolve("node" + i + ".properties");
    }

    /**
     * Class-data sharing (AppCDS): the classes a node loads, parsed and verified once, mapped from an
     * archive at start; that took a node's start from about 0.95 s to 0.65 s here. Without an archive,
     * node 0 writes one when it stops cleanly; a node SIGKILLed writes nothing, and the next start
     * tries again.
     */
    private static List<String> classDataSharing(int i) {
        String archive = System.getProperty(NODE_ARCHIVE);
        if (archive == null || System.getProperty(NODE_CLASSPATH) == null) {
            return List.of(); // a class path of directories (tests) cannot be archived
        }
        if (Files.isRegularFile(Path.of(archive))) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        // Its warnings (classes too old to archive, such as picocli's) would only fill the node's log.
        return i == 0 ? List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds*=off") : List.of();
    }

    public Path log(int i) {
        return data.resolve("node" + i + ".log");
    }

    /** The node's storage directory. */
    public Path storage(int i) {
        return data.resolve("node" + i);
    }

    /** Starts every node that was not removed. */
    public synchronized void startAll() {
        for (int i = 0; i < urls.size(); i++) {
            if (!removed.contains(i)) {
                start(i);
            }
        }
    }

    /** Starts node {@code i}'s process (its output is appended to its log). */
    public synchronized void start(int i) {
        if (alive(i)) {
            throw new IllegalStateException("node " + i + " is already running");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(System.getenv().getOrDefault("RAFTLAB_NODE_JAVA_OPTS", DEFAULT_JAVA_OPTS).trim().split("\\s+")));
        command.addAll(classDataSharing(i));
        // The launcher's node class path (the same Raft: --raft reference puts the reference first), or this JVM's.
        String raft = System.getProperty(RaftChoice.LAUNCHER_PROPERTY, "own");
        String classPath = System.getProperty(NODE_CLASSPATH, System.getProperty("java.class.path"));
        command.addAll(List.of("-D" + RaftChoice.LAUNCHER_PROPERTY + "=" + raft, "-cp", classPath,
                ServerCli.class.getName(), "node", "--config", config(i).toString(), "--raft",
                raft.startsWith("reference") ? "reference" : "own"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(i).toFile()));
        try {
            processes.set(i, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + i + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean alive(int i) {
        return processes.get(i) != null && processes.get(i).isAlive();
    }

    /** The exit code of node {@code i}'s process if it has ended, else null. */
    public synchronized Integer exitCode(int i) {
        Process p = processes.get(i);
        return p == null || p.isAlive() ? null : p.exitValue();
    }

    /** SIGKILL: the node gets no chance to flush or say goodbye, as in a power cut of its process. */
    public synchronized void kill(int i) {
        Process p = processes.get(i);
        if (p != null) {
            p.destroyForcibly();
            waitFor(p, 10);
        }
    }

    /** Whether any node's process is running. */
    public synchronized boolean anyAlive() {
        for (int i = 0; i < processes.size(); i++) {
            if (alive(i)) {
                return true;
            }
        }
        return false;
    }

    /** Deletes node {@code i}'s storage (it must not be running): it starts empty and catches up from the leader. */
    public synchronized void wipe(int i) {
        if (alive(i)) {
            throw new IllegalStateException("node " + i + " is running: stop it before wiping its data");
        }
        Path dir = storage(i);
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir + ": " + e.getMessage(), e);
        }
    }

    /** SIGSTOP: the node freezes mid-step, as under a long GC pause or a stalled VM, and keeps its sockets. */
    public synchronized void pause(int i) {
        signal(i, "STOP");
    }

    /** SIGCONT: a paused node runs on from where it stopped. */
    public synchronized void resume(int i) {
        signal(i, "CONT");
    }

    private void signal(int i, String signal) {
        Process p = processes.get(i);
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException("node " + i + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling node " + i, e);
        }
    }

    /** SIGTERM, then SIGKILL if the node has not stopped within 10 s. */
    public synchronized void stop(int i) {
        Process p = processes.get(i);
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!waitFor(p, 10)) {
                p.destroyForcibly();
                waitFor(p, 10);
            }
        }
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Why node {@code i} stopped, from the end of its log: its last lines without the stack frames
     * (so the exception's own message, which comes before them, is never cut off), and, when a lab's
     * stub threw, which lab it is.
     */
    public String explainExit(int i) {
        List<String> all;
        try {
            all = Files.readAllLines(log(i), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
        List<String> said = new ArrayList<>();
        for (String line : all.subList(Math.max(0, all.size() - 60), all.size())) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("at ") && !t.startsWith("...")) {
                said.add("    " + line);
            }
        }
        String text = String.join("\n", said.subList(Math.max(0, said.size() - 8), said.size()));
        java.util.regex.Matcher todo = java.util.regex.Pattern.compile("TODO lab ?(\\d)").matcher(String.join("\n", all));
        if (todo.find()) {
            text += "\n  lab " + todo.group(1) + " is not written yet (its stub threw). A node runs your lab 4 and lab 5 part B"
                    + " service, even with --raft reference (which replaces only labs 1-3 and lab 5 part A); see docs/lab5-snapshots.md, part C.";
        }
        return text + "\n  (the whole log: " + log(i) + ")";
    }

    @Override
    public void close() {
        int n;
        synchronized (this) {
            n = processes.size();
        }
        for (int i = 0; i < n; i++) {
            Process p;
            synchronized (this) {
                p = processes.get(i);
            }
            if (p != null && p.isAlive()) {
                p.destroy(); // all at once, then wait: a clean stop of the whole cluster takes one node's time
            }
        }
        for (int i = 0; i < n; i++) {
            stop(i);
        }
    }
}
