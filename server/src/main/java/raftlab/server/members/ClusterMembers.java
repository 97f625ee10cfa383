package raftlab.server.members;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import raftlab.kv.KvClerk;
import raftlab.kv.KvStatus;
import raftlab.raft.Membership;
import raftlab.raft.MembershipChange;
import raftlab.raft.Raft;
import raftlab.server.api.BadRequest;

/**
 * A node's part in membership changes ({@code /cluster/members}): it keeps the {@link NodeDirectory}
 * (refreshed from the replicated store, so addresses of nodes added while this one was away arrive
 * with the log), and, on the leader, carries out an add (record the new node's addresses, add it as a
 * learner, promote it once it has caught up) or a removal (mark it, remove it from the configuration).
 * Raft does the changes one at a time (lab 5's optional part); this class only orders the steps, and
 * every step can be asked again: a second {@code POST} with the same addresses finishes what the first
 * began.
 */
public final class ClusterMembers {
    private final int me;
    private final Supplier<Raft> raft;
    private final Supplier<KvClerk> newClerk;
    /** The directory's JSON in this node's applied state (a local read), or null while none is stored. */
    private final Supplier<String> storedLocally;
    /** Tells this node's transport where a node listens for peers. */
    private final BiConsumer<Integer, String> route;
    private volatile NodeDirectory directory;
    private final AtomicBoolean changing = new AtomicBoolean();
    private final java.net.http.HttpClient probe = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();
    private KvClerk clerk;

    public ClusterMembers(int me, NodeDirectory initial, Supplier<Raft> raft, Supplier<KvClerk> newClerk,
            Supplier<String> storedLocally, BiConsumer<Integer, String> route) {
        this.me = me;
        this.directory = initial;
        this.raft = raft;
        this.newClerk = newClerk;
        this.storedLocally = storedLocally;
        this.route = route;
    }

    public NodeDirectory directory() {
        return directory;
    }

    /** Takes up what the store holds now (called often: a few microseconds when nothing changed). */
    public void refresh() {
        String json = storedLocally.get();
        if (json != null) {
            learn(NodeDirectory.parse(json));
        }
    }

    private synchronized void learn(NodeDirectory stored) {
        NodeDirectory had = directory;
        NodeDirectory now = had.merged(stored);
        if (now.equals(had)) {
            return;
        }
        for (NodeDirectory.Node n : now.nodes()) {
            if (n.id() >= had.nodes().size() || !n.peerUrl().equals(had.nodes().get(n.id()).peerUrl())) {
                route.accept(n.id(), n.peerUrl());
            }
        }
        directory = now;
    }

    /** The configuration this node uses, or null if its Raft does not do membership changes. */
    public Membership membership() {
        return raft.get().membership();
    }

    /** The ids to show in the cluster's status: the configuration's members (and this node), else every node listed. */
    public List<Integer> shown() {
        Membership m = membership();
        List<Integer> ids = new ArrayList<>();
        for (NodeDirectory.Node n : directory.nodes()) {
            if (m == null ? !n.removed() : m.isMember(n.id()) || n.id() == me) {
                ids.add(n.id());
            }
        }
        return ids;
    }

    /** {@code GET /cluster/members}: the configuration this node uses and every node id the cluster has used. */
    public Map<String, Object> describe() {
        Membership m = membership();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", me);
        out.put("leads", raft.get().state().leader());
        out.put("voters", m == null ? null : m.voters());
        out.put("learners", m == null ? null : m.learners());
        out.put("maxNodes", directory.maxNodes());
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeDirectory.Node n : directory.nodes()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", n.id());
            e.put("clientUrl", n.clientUrl());
            e.put("peerUrl", n.peerUrl());
            e.put("role", m == null ? (n.removed() ? "removed" : "voter")
                    : m.isVoter(n.id()) ? "voter" : m.isLearner(n.id()) ? "learner" : n.removed() ? "removed" : "joining");
            nodes.add(e);
        }
        out.put("nodes", nodes);
        return out;
    }

    /**
     * {@code POST /cluster/members}: adds the node listening at these addresses (recorded in the
     * directory under the next id), as a learner, then promotes it once it has caught up. Completes
     * with {@link #describe()} and the node's id; fails with a {@link BadRequest}.
     */
    public CompletableFuture<Map<String, Object>> add(String peerUrl, String clientUrl) {
        return exclusively(() -> recordAddresses(peerUrl, clientUrl).thenCompose(id -> {
            Membership m = membership();
            CompletableFuture<Membership> learner = m.isMember(id) ? CompletableFuture.completedFuture(m)
                    : change(MembershipChange.addLearner(id), "adding node " + id + " as a learner");
            return learner.thenCompose(now -> now.isVoter(id) ? CompletableFuture.completedFuture(now)
                    : change(MembershipChange.promote(id), "node " + id + " was added as a learner but not promoted to a voter"
                            + " (POST again to finish)"))
                    .thenApply(done -> answer(id));
        }));
    }

    /** {@code DELETE /cluster/members/{id}}: removes node {@code id}; this node, if it leads and removes itself, steps down after. */
    public CompletableFuture<Map<String, Object>> remove(int id) {
        return exclusively(() -> {
            Membership m = membership();
            if (!m.isMember(id)) {
                throw new BadRequest(404, "node " + id + " is not a member (members: " + m + ")");
            }
            return readDirectory().thenCompose(stored -> write(stored.directory().without(id), stored.version()))
                    .thenCompose(written -> change(MembershipChange.remove(id), "removing node " + id))
                    .thenApply(done -> answer(id));
        });
    }

    private Map<String, Object> answer(int id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.putAll(describe());
        return out;
    }

    /** Runs one change at a time on this node, and only on the leader of a cluster whose Raft changes membership. */
    private CompletableFuture<Map<String, Object>> exclusively(Supplier<CompletableFuture<Map<String, Object>>> work) {
        Raft r = raft.get();
        if (r.membership() == null) {
            throw new BadRequest(409, "this node's Raft does not change membership (lab 5's optional part, Raft.changeMembership)");
        }
        if (!r.state().leader()) {
            throw new BadRequest(421, "node " + me + " does not lead; send membership changes to the leader"
                    + " (GET /cluster/status names it)");
        }
        if (!changing.compareAndSet(false, true)) {
            throw new BadRequest(503, "another membership change is in progress on this node; try again when it is done");
        }
        try {
            return work.get().whenComplete((v, e) -> changing.set(false));
        } catch (RuntimeException e) {
            changing.set(false);
            throw e;
        }
    }

    private record Stored(NodeDirectory directory, long version) {
    }

    /** The directory as the cluster holds it now (a linearizable read), or the config's while none is stored. */
    private CompletableFuture<Stored> readDirectory() {
        return detached(clerk().get(NodeDirectory.KEY)).thenApply(r -> switch (r.status()) {
            case OK -> new Stored(NodeDirectory.parse(r.value()), r.version());
            case NO_KEY -> new Stored(directory, 0);
            default -> throw new BadRequest(503, "could not read the node directory (" + r.status() + "); try again");
        });
    }

    /**
     * Writes {@code next} if the stored directory is still at {@code version}. Always a write, even
     * when nothing changes: it is also the entry of this leader's term that Raft wants committed
     * before a configuration change.
     */
    private CompletableFuture<NodeDirectory> write(NodeDirectory next, long version) {
        return detached(clerk().putIfVersion(NodeDirectory.KEY, next.toJson(), version)).thenApply(r -> {
            if (r.status() == KvStatus.VERSION || r.status() == KvStatus.NO_KEY) {
                throw new BadRequest(503, "the node directory changed meanwhile (another change on another leader?); try again");
            }
            if (!r.ok()) {
                throw new BadRequest(503, "could not record the node directory (" + r.status() + "); try again");
            }
            learn(next);
            return next;
        });
    }

    /** The id of the node at these addresses: known already (a second attempt), or the next free one. */
    private CompletableFuture<Integer> recordAddresses(String peerUrl, String clientUrl) {
        return readDirectory().thenCompose(stored -> {
            NodeDirectory d = stored.directory();
            NodeDirectory.Node known = d.byPeerUrl(peerUrl);
            NodeDirectory.Node sameClientUrl = d.byClientUrl(clientUrl);
            if (known == null && sameClientUrl != null) {
                throw new BadRequest(409, "node " + sameClientUrl.id() + " already serves clients at " + clientUrl);
            }
            if (known != null && !known.clientUrl().equals(clientUrl)) {
                throw new BadRequest(409, "node " + known.id() + " listens for peers at " + peerUrl + " but serves clients at "
                        + known.clientUrl() + ", not " + clientUrl);
            }
            if (known != null && known.removed()) {
                throw new BadRequest(409, "node " + known.id() + " at " + peerUrl + " was removed, and ids are never reused:"
                        + " start the new node with an empty data directory on other ports");
            }
            NodeDirectory next;
            try {
                next = known != null ? d : d.plus(peerUrl, clientUrl);
            } catch (IllegalStateException e) {
                throw new BadRequest(409, e.getMessage());
            }
            int id = known != null ? known.id() : next.nodes().size() - 1;
            return checkRunsAs(id, clientUrl).thenCompose(ok -> write(next, stored.version())).thenApply(w -> id);
        });
    }

    /**
     * Nothing is recorded for a node that is not there, or that was started with another id (two
     * nodes with one id would each take the other's votes and entries): the node at {@code clientUrl}
     * must answer {@code GET /node/status} as node {@code id}.
     */
    private CompletableFuture<Void> checkRunsAs(int id, String clientUrl) {
        java.net.http.HttpRequest ask = java.net.http.HttpRequest.newBuilder(java.net.URI.create(clientUrl + "/node/status"))
                .timeout(java.time.Duration.ofSeconds(3)).GET().build();
        return probe.sendAsync(ask, java.net.http.HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            if (e != null || r.statusCode() != 200) {
                // 503, ask again: a node just started takes a moment to answer
                throw new BadRequest(503, "no node answers at " + clientUrl + " (" + (e != null ? e.getClass().getSimpleName()
                        : "HTTP " + r.statusCode()) + "): start it first, with id " + id + " and join");
            }
            int says;
            try {
                says = com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject().get("id").getAsInt();
            } catch (RuntimeException notAStatus) {
                throw new BadRequest(409, "what answers at " + clientUrl + " is not a RaftLab node");
            }
            if (says != id) {
                throw new BadRequest(409, "the node at " + clientUrl + " runs as node " + says + "; the next id is " + id
                        + ": start it with id " + id);
            }
            return null;
        });
    }

    /**
     * Asks this node's Raft for {@code change}. A change that does not apply to the configuration is a
     * 409; any other refusal (not leading, an earlier change unfinished, no entry of this term
     * committed yet, a learner that did not catch up in time) passes, so it is a 503: ask again.
     */
    private CompletableFuture<Membership> change(MembershipChange change, String doing) {
        return detached(raft.get().changeMembership(change)).handle((m, e) -> {
            if (e == null) {
                return m;
            }
            Throwable why = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new BadRequest(why instanceof IllegalArgumentException ? 409 : 503,
                    doing + ": " + (why.getMessage() != null ? why.getMessage() : why.toString()));
        });
    }

    /**
     * The outcome of a lab future on a plain one: the steps chained here may throw a refusal, which on
     * the lab's future would count as a failure of the node's runtime.
     */
    private static <T> CompletableFuture<T> detached(CompletableFuture<T> labFuture) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        labFuture.whenComplete((v, e) -> {
            if (e != null) {
                plain.completeExceptionally(e);
            } else {
                plain.complete(v);
            }
        });
        return plain;
    }

    private synchronized KvClerk clerk() {
        if (clerk == null) {
            clerk = newClerk.get(); // one clerk: one change at a time, so one session's operations in order
        }
        return clerk;
    }
}
