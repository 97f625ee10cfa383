package raftlab.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import raftlab.server.NodeConfig;

/**
 * A local cluster's node processes: one JVM per node on 127.0.0.1, each started from its own config
 * file under the data directory and writing its output to {@code nodeN.log} there (the directory and
 * the addresses: {@link ClusterLayout}). With room to grow ({@code maxNodes}), {@link #add} starts a
 * node that joins the running cluster; a node removed from it ({@link #removed}) is never started again.
 */
public final class NodeProcesses implements AutoCloseable {
    /** The class path of a node's JVM: jars, set by the launcher; without it, this JVM's own class path. */
    static final String NODE_CLASSPATH = "raftlab.nodeClasspath";
    /** The class-data-sharing archive nodes start from, set by the launcher (it deletes it when the jars change). */
    static final String NODE_ARCHIVE = "raftlab.nodeArchive";

    /** Each node's JVM options, unless {@code RAFTLAB_NODE_JAVA_OPTS} gives others. */
    static final String DEFAULT_JAVA_OPTS = "-Xms64m -Xmx512m";
    /** How far above a node's client port its peer port is (clients 7001-7009, peers 7101-7109). */
    public static final int PEER_PORT_OFFSET = ClusterLayout.PEER_PORT_OFFSET;

    private final ClusterLayout layout;
    private final List<Process> processes = new ArrayList<>();

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
        this.layout = new ClusterLayout(data, nodes, host, firstPort, maxRaftState, faultInjection, maxNodes);
        for (int i = 0; i < layout.size(); i++) {
            processes.add(null);
        }
    }

    /**
     * Sets up node {@code size()} (the next id) to join the running cluster and starts it; the caller
     * then asks the cluster to add it ({@code POST /cluster/members}). Returns its id.
     */
    public synchronized int add() {
        int id = layout.add();
        processes.add(null);
        start(id);
        return id;
    }

    /** Node {@code i} was removed from the cluster: it is not started again (its data stays, for inspection). */
    public void removed(int i) {
        layout.removed(i);
    }

    /** Whether node {@code i} was removed from the cluster. */
    public boolean isRemoved(int i) {
        return layout.isRemoved(i);
    }

    /** The client URLs of the nodes not removed: where a client finds the cluster. */
    public List<String> memberUrls() {
        return layout.memberUrls();
    }

    /** The ids of the nodes not removed. */
    public List<Integer> memberIds() {
        return layout.memberIds();
    }

    public int maxNodes() {
        return layout.maxNodes();
    }

    /**
     * Tells every node (in its config, before it starts) where the supervisor's control channel is, so
     * its dashboard's fault buttons can reach it.
     */
    public void announceControl(String url) {
        layout.announceControl(url);
    }

    /** Each node's client URL. */
    public List<String> urls() {
        return layout.urls();
    }

    /** Each node's peer URL (the authenticated peer channel: Raft's RPCs, a chaos run's faults). */
    public List<String> peerUrls() {
        return layout.peerUrls();
    }

    /** How many node ids the cluster has used: the nodes it started with and those added since (removed ones too). */
    public int size() {
        return layout.size();
    }

    public Path config(int i) {
        return layout.config(i);
    }

    public Path log(int i) {
        return layout.log(i);
    }

    /** The node's storage directory. */
    public Path storage(int i) {
        return layout.storage(i);
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

    /** Starts every node that was not removed. */
    public synchronized void startAll() {
        for (int i = 0; i < layout.size(); i++) {
            if (!layout.isRemoved(i)) {
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
