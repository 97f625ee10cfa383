package raftlab.server.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import raftlab.server.NodeConfig;
import raftlab.server.net.HttpReplies;

/**
 * Where every node of a cluster listens, by node id: for peers (Raft's RPCs) and for clients. A node
 * starts with the nodes its config lists; the cluster's directory grows when a node is added, and it
 * is replicated like any data (as the value of the reserved key {@link #KEY}, so it is in every
 * snapshot and restored with the store), so a node that was down during an add, or a node added
 * later, learns the address from the log. Ids are never reused: a removed node's entry stays, and the
 * next node added gets the next id.
 */
public record NodeDirectory(int maxNodes, List<Node> nodes) {
    /** Keys the cluster keeps for itself: clients can neither read nor write them. */
    public static final String RESERVED_PREFIX = "\u0000raftlab/";
    /** The key whose value is the directory, as JSON. */
    public static final String KEY = RESERVED_PREFIX + "nodes";

    /** One node's two addresses; {@code removed} once the cluster has been asked to remove it (its id is never reused). */
    public record Node(int id, String peerUrl, String clientUrl, boolean removed) {
    }

    public NodeDirectory {
        nodes = List.copyOf(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == null || nodes.get(i).id() != i) {
                throw new IllegalArgumentException("a directory lists node ids 0, 1, 2, ... in order");
            }
        }
    }

    public static boolean reserved(String key) {
        return key != null && key.startsWith(RESERVED_PREFIX);
    }

    /** The nodes {@code config} lists. */
    public static NodeDirectory of(NodeConfig config) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < config.peers().size(); i++) {
            nodes.add(new Node(i, config.peers().get(i), config.clientUrls().get(i), false));
        }
        return new NodeDirectory(config.maxNodes(), nodes);
    }

    /** The directory stored at {@link #KEY}; an unreadable one is a bug, never data to guess at. */
    public static NodeDirectory parse(String json) {
        NodeDirectory d = HttpReplies.fromJson(json, NodeDirectory.class);
        if (d == null || d.nodes() == null) {
            throw new IllegalStateException("the stored node directory is unreadable: " + json);
        }
        return new NodeDirectory(d.maxNodes(), d.nodes());
    }

    public String toJson() {
        return HttpReplies.toJson(this);
    }

    /**
     * What this directory and {@code other} know together. Both are states of one log's directory,
     * which only grows and only ever marks nodes removed, so the longer list with every mark is the newer.
     */
    public NodeDirectory merged(NodeDirectory other) {
        NodeDirectory longer = other.nodes.size() > nodes.size() ? other : this;
        NodeDirectory shorter = longer == this ? other : this;
        List<Node> out = new ArrayList<>(longer.nodes);
        for (Node n : shorter.nodes) {
            if (n.removed() && !out.get(n.id()).removed()) {
                out.set(n.id(), new Node(n.id(), out.get(n.id()).peerUrl(), out.get(n.id()).clientUrl(), true));
            }
        }
        return new NodeDirectory(Math.max(maxNodes, other.maxNodes), out);
    }

    /** The node listening for peers at {@code peerUrl}, or null. */
    public Node byPeerUrl(String peerUrl) {
        return nodes.stream().filter(n -> n.peerUrl().equals(peerUrl)).findFirst().orElse(null);
    }

    /** With one node more, at the next id; {@link IllegalStateException} if the cluster has used up its ids. */
    public NodeDirectory plus(String peerUrl, String clientUrl) {
        if (nodes.size() >= maxNodes) {
            throw new IllegalStateException("this cluster has used all " + maxNodes + " node ids it was started with"
                    + " (max-nodes; ids are never reused)");
        }
        List<Node> more = new ArrayList<>(nodes);
        more.add(new Node(nodes.size(), peerUrl, clientUrl, false));
        return new NodeDirectory(maxNodes, more);
    }

    /** The same, with node {@code id} marked removed. */
    public NodeDirectory without(int id) {
        List<Node> marked = new ArrayList<>(nodes);
        Node n = marked.get(id);
        marked.set(id, new Node(id, n.peerUrl(), n.clientUrl(), true));
        return new NodeDirectory(maxNodes, marked);
    }

    /** The node listening for clients at {@code clientUrl}, or null. */
    public Node byClientUrl(String clientUrl) {
        return nodes.stream().filter(n -> n.clientUrl().equals(clientUrl)).findFirst().orElse(null);
    }

    /** Client URLs by id, for {@code ids} that the directory knows. */
    public Map<Integer, String> clientUrls(List<Integer> ids) {
        Map<Integer, String> urls = new TreeMap<>();
        for (int id : ids) {
            if (id < nodes.size()) {
                urls.put(id, nodes.get(id).clientUrl());
            }
        }
        return urls;
    }
}
