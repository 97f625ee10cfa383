package raftlab.tools.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import raftlab.server.cli.NodeProcesses;
import raftlab.server.client.MemberClient;

/**
 * The membership changes of a chaos run ({@code --membership}): one per cycle, while that cycle's
 * fault is in force, alternating between adding a new node and removing one (the leader half the
 * time), so the cluster keeps between its starting size and one more. A change the cluster cannot
 * finish now (no majority under the fault) is asked again at the next step, since asking again
 * finishes an add or removal that was begun.
 */
final class MemberChurn {
    /** How long one step asks: past an election, short enough that a cycle ends. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final NodeProcesses cluster;
    private final MemberClient members;
    private final Random random;
    private final int size;
    private Integer adding;
    private Integer removing;

    MemberChurn(NodeProcesses cluster, String token, long seed) {
        this.cluster = cluster;
        this.members = new MemberClient(cluster::memberUrls, token);
        this.random = new Random(seed ^ 0x5EED);
        this.size = cluster.memberIds().size();
    }

    /** One change (or the one left unfinished); says what happened, for the cycle's line. */
    String step(Integer leader) {
        if (adding == null && removing == null) {
            List<Integer> ids = cluster.memberIds();
            if (ids.size() > size || cluster.size() >= cluster.maxNodes()) {
                removing = leader != null && random.nextBoolean() ? leader : ids.get(random.nextInt(ids.size()));
            } else {
                adding = cluster.add(); // started now; joins once the leader adds it
            }
        }
        return adding != null ? add(adding, PATIENCE) : remove(removing, PATIENCE);
    }

    /** Finishes a change left unfinished (on the healed cluster, with more patience); null if none was. */
    String finish() {
        Duration patience = Duration.ofSeconds(60);
        return adding != null ? add(adding, patience) : removing != null ? remove(removing, patience) : null;
    }

    private String add(int id, Duration patience) {
        try {
            members.add(cluster.peerUrls().get(id), cluster.urls().get(id), patience);
            adding = null;
            return "+ added S" + id;
        } catch (IllegalStateException e) {
            return "+ adding S" + id + " not done yet (" + shorter(e) + ")";
        }
    }

    private String remove(int id, Duration patience) {
        try {
            members.remove(id, patience);
        } catch (MemberClient.Refused e) {
            if (!e.getMessage().contains("404")) { // 404: not a member, so an earlier attempt went through
                return "- removing S" + id + " refused (" + shorter(e) + ")";
            }
        } catch (IllegalStateException e) {
            return "- removing S" + id + " not done yet (" + shorter(e) + ")";
        }
        removing = null;
        cluster.removed(id);
        cluster.stop(id);
        return "- removed S" + id;
    }

    private static String shorter(RuntimeException e) {
        String m = String.valueOf(e.getMessage());
        return m.length() > 100 ? m.substring(0, 100) + "..." : m;
    }
}
