package raftlab.server.cli;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import raftlab.server.net.HttpListener;
import raftlab.server.net.HttpReplies;
import raftlab.server.net.PeerAuth;

/**
 * The control channel of a local cluster's supervisor ({@code ./raftlab cluster}): on 127.0.0.1 only,
 * behind the cluster token, {@code POST /control/<action>?nodes=i,j} kills, pauses, resumes, restarts,
 * wipes, partitions or heals the supervisor's own nodes, or adds a node to the cluster or removes one. It exists only while the supervisor runs, and
 * its address is in {@code DATA/control.url} then, so only a cluster started by {@code ./raftlab cluster}
 * can be driven this way ({@code ./raftlab cluster kill 2}).
 */
public final class ClusterControl extends Handler.Abstract implements AutoCloseable {
    static final String URL_FILE = "control.url";
    static final String PREFIX = "/control/";
    /** Idle for longer than a membership change may take ({@link #MEMBER_PATIENCE}): its answer comes at the end. */
    private static final HttpListener.Limits LIMITS = new HttpListener.Limits(8, 16, Duration.ofSeconds(90));

    /** What the channel can do to the nodes it names. */
    enum Action {
        KILL("SIGKILL: the process dies at once, as in a power cut"),
        PAUSE("SIGSTOP: the process freezes, sockets open, as in a long GC pause"),
        RESUME("SIGCONT: a paused process runs on"),
        RESTART("stop (if running) and start again from its data directory"),
        WIPE("SIGKILL, delete its data directory, start empty: it catches up from the leader"),
        PARTITION("cut the named nodes off from the others, both ways"),
        HEAL("every node reaches every other again"),
        ADD_NODE("start a new node and add it to the cluster: a learner until it has caught up, then a voter (needs --max-nodes)"),
        REMOVE_NODE("remove the named node from the cluster (the leader too: it steps down), then stop it for good");

        final String meaning;

        Action(String meaning) {
            this.meaning = meaning;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Action of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean needsNodes() {
            return this != HEAL && this != ADD_NODE;
        }
    }

    private final ClusterFaults faults;
    private final PeerAuth auth;
    private final MembershipActions membership;
    private final Path urlFile;
    private final Consumer<String> log;
    /** Nodes taken down on purpose, so the supervisor reports them as such rather than as crashes. */
    private final Set<Integer> downOnPurpose = ConcurrentHashMap.newKeySet();
    private final HttpListener listener;

    ClusterControl(ClusterFaults faults, PeerAuth auth, Path data, Consumer<String> log) {
        this.faults = faults;
        this.auth = auth;
        this.membership = new MembershipActions(faults.cluster(), auth.token());
        this.log = log;
        this.urlFile = data.resolve(URL_FILE);
        this.listener = HttpListener.open("control", "127.0.0.1", 0, LIMITS, this);
        try {
            Files.writeString(urlFile, url() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            listener.close();
            throw new UncheckedIOException("cannot write " + urlFile + ": " + e.getMessage(), e);
        }
    }

    /** The channel's address, {@code http://127.0.0.1:port}. */
    String url() {
        return "http://127.0.0.1:" + listener.port();
    }

    /** Whether node {@code i} is down because the control channel took it down. */
    boolean downOnPurpose(int i) {
        return downOnPurpose.contains(i);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        if (auth.refuse(request, response, callback, "raftlab-control", "the control channel needs the cluster token")) {
            return true;
        }
        if (!"POST".equals(request.getMethod())) {
            return HttpReplies.error(response, callback, 405, "use POST for " + path);
        }
        Action action;
        try {
            action = Action.of(path.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return HttpReplies.error(response, callback, 404, "no action '" + path.substring(PREFIX.length()) + "'; the actions are "
                    + java.util.Arrays.stream(Action.values()).map(Action::label).toList());
        }
        try {
            Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String done = perform(action, nodes(action, query.getValue("nodes")));
            log.accept("control: " + done);
            return HttpReplies.json(response, callback, 200, Map.of("done", done));
        } catch (IllegalArgumentException e) {
            return HttpReplies.error(response, callback, 400, e.getMessage());
        } catch (IllegalStateException e) {
            return HttpReplies.error(response, callback, 409, e.getMessage());
        }
    }

    private List<Integer> nodes(Action action, String list) {
        if (!action.needsNodes()) {
            if (list != null) {
                throw new IllegalArgumentException(action.label() + " takes no nodes");
            }
            return List.of();
        }
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException(action.label() + " needs nodes=i[,j...]");
        }
        Set<Integer> nodes = new TreeSet<>();
        for (String s : list.split(",")) {
            int i;
            try {
                i = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "' is not a node number");
            }
            if (i < 0 || i >= faults.cluster().size()) {
                throw new IllegalArgumentException("node " + i + " is not one of this cluster's " + faults.cluster().size()
                        + " nodes (0-" + (faults.cluster().size() - 1) + ")");
            }
            if (faults.cluster().isRemoved(i)) {
                throw new IllegalArgumentException("node " + i + " was removed from the cluster (ids are never reused)");
            }
            nodes.add(i);
        }
        if (action == Action.PARTITION && nodes.size() >= faults.cluster().size()) {
            throw new IllegalArgumentException("a partition cuts some nodes off from the others: name fewer than all");
        }
        return new ArrayList<>(nodes);
    }

    private synchronized String perform(Action action, List<Integer> nodes) {
        NodeProcesses cluster = faults.cluster();
        List<Integer> reached = List.of();
        switch (action) {
            case KILL -> nodes.forEach(i -> {
                if (!cluster.alive(i)) {
                    throw new IllegalStateException("node " + i + " is not running");
                }
                downOnPurpose.add(i);
                cluster.kill(i);
            });
            case PAUSE -> nodes.forEach(cluster::pause);
            case RESUME -> nodes.forEach(cluster::resume);
            case RESTART -> nodes.forEach(i -> {
                downOnPurpose.add(i);
                cluster.stop(i);
                cluster.start(i);
                downOnPurpose.remove(i);
            });
            case WIPE -> nodes.forEach(i -> {
                downOnPurpose.add(i);
                cluster.kill(i);
                cluster.wipe(i);
                cluster.start(i);
                downOnPurpose.remove(i);
            });
            case PARTITION -> reached = faults.partition(Set.copyOf(nodes));
            case HEAL -> reached = faults.heal();
            case ADD_NODE -> {
                return addNode();
            }
            case REMOVE_NODE -> {
                return removeNodes(nodes);
            }
        }
        if ((action == Action.PARTITION || action == Action.HEAL) && reached.isEmpty()) {
            throw new IllegalStateException("no node is running (or all are still starting): nothing to " + action.label());
        }
        String missed = missed(reached);
        return switch (action) {
            case HEAL -> "healed: every node reaches every other" + missed;
            case PARTITION -> "partitioned: " + nodes + " cut off from the others" + missed;
            default -> "node" + (nodes.size() > 1 ? "s " : " ") + join(nodes) + ": " + action.label() + " ("
                    + action.meaning + ")";
        };
    }

    /** How long a membership change may take: an election or two, and a new node's start and catch-up. */
    static final java.time.Duration MEMBER_PATIENCE = java.time.Duration.ofSeconds(60);

    private String addNode() {
        MembershipActions.Outcome o = membership.add(MEMBER_PATIENCE);
        if (!o.done()) {
            throw new IllegalStateException(o.text() + ". `./raftlab cluster add-node` tries again to add it; `remove-node` stops it");
        }
        return o.text();
    }

    private String removeNodes(List<Integer> nodes) {
        List<String> done = new ArrayList<>();
        for (int i : nodes) {
            MembershipActions.Outcome o = membership.remove(i, MEMBER_PATIENCE);
            if (!o.done()) {
                throw new IllegalStateException(String.join("; ", done) + (done.isEmpty() ? "" : "; ") + o.text());
            }
            done.add(o.text());
        }
        return String.join("; ", done);
    }

    /** The nodes a partition or heal did not reach, said plainly; they start whole. */
    private String missed(List<Integer> reached) {
        List<Integer> not = new ArrayList<>();
        for (int i = 0; i < faults.cluster().size(); i++) {
            if (!reached.contains(i)) {
                not.add(i);
            }
        }
        return not.isEmpty() || reached.isEmpty() ? "" : " (not reached: node" + (not.size() > 1 ? "s " : " ") + join(not)
                + ", down or starting; a node starts with no cuts)";
    }

    private static String join(List<Integer> nodes) {
        return String.join(", ", nodes.stream().map(String::valueOf).toList());
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(urlFile);
        } catch (IOException ignored) {
            // the file only helps a client find a supervisor that is gone anyway
        }
        listener.close();
    }
}
