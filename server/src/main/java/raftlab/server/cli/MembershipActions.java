package raftlab.server.cli;

import com.google.gson.JsonObject;
import java.time.Duration;
import raftlab.server.client.MemberClient;

/**
 * Membership changes of a local cluster's node processes, as {@code ./raftlab cluster add-node} and
 * {@code remove-node} and a chaos run make them: the process side (start the next node, stop a
 * removed one for good) around the cluster's side ({@code /cluster/members} on the leader).
 */
public final class MembershipActions {
    /** What a change did to node {@code id}: whether it is done, and a line saying so (or why not yet). */
    public record Outcome(int id, boolean done, String text) {
    }

    private final NodeProcesses cluster;
    private final MemberClient members;
    /** A node started by an add that did not finish: the next add takes it up rather than start another. */
    private Integer unfinishedAdd;

    public MembershipActions(NodeProcesses cluster, String token) {
        this.cluster = cluster;
        this.members = new MemberClient(cluster::memberUrls, token);
    }

    /** Whether an earlier add left a node running that is not a member yet. */
    public synchronized boolean addUnfinished() {
        return unfinishedAdd != null;
    }

    /**
     * Starts the next node (or takes up the one an unfinished add left) and asks the leader to add it.
     * Not done: the node keeps running (the cluster may have recorded it, or even added it; it votes
     * only once added), and the next add finishes it.
     */
    public synchronized Outcome add(Duration patience) {
        int id = unfinishedAdd != null ? unfinishedAdd : cluster.add();
        try {
            JsonObject done = members.add(cluster.peerUrls().get(id), cluster.urls().get(id), patience);
            unfinishedAdd = null;
            return new Outcome(id, true, "node " + id + " added at " + cluster.urls().get(id) + " (log: " + cluster.log(id)
                    + "); voters " + done.get("voters") + ", learners " + done.get("learners"));
        } catch (IllegalStateException e) {
            unfinishedAdd = id;
            return new Outcome(id, false, "node " + id + " runs but is not a voter yet: " + e.getMessage());
        }
    }

    /**
     * Asks the leader to remove node {@code id}, then stops it for good (once the removal has committed,
     * so a leader that removed itself has stepped down). A node that is no member (an add that never
     * finished, or a removal that went through before) is only stopped.
     */
    public synchronized Outcome remove(int id, Duration patience) {
        if (cluster.isRemoved(id)) {
            throw new IllegalArgumentException("node " + id + " was removed already");
        }
        String voters;
        try {
            voters = "voters " + members.remove(id, patience).get("voters");
        } catch (MemberClient.Refused e) {
            if (e.status != 404) {
                return new Outcome(id, false, "removing node " + id + " was refused: " + e.getMessage());
            }
            voters = "it was not a member";
        } catch (IllegalStateException e) {
            return new Outcome(id, false, "node " + id + " is not removed yet: " + e.getMessage());
        }
        if (unfinishedAdd != null && unfinishedAdd == id) {
            unfinishedAdd = null;
        }
        cluster.removed(id);
        cluster.stop(id);
        return new Outcome(id, true, "node " + id + " removed and stopped; " + voters);
    }
}
