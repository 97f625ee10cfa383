package raftlab.tools.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import raftlab.server.cli.MembershipActions;
import raftlab.server.cli.NodeProcesses;

/**
 * The membership changes of a chaos run ({@code --membership}): one per cycle, beside that cycle's
 * fault, alternating between adding a new node and removing one (the leader half the time), so the
 * cluster keeps between its starting size and one more. A change the cluster cannot finish now (no
 * majority under the fault) is asked again at the next step: asking again finishes an add or a
 * removal that was begun.
 */
final class MemberChurn {
    /** How long one step asks: past an election, short enough that a cycle ends. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final NodeProcesses cluster;
    private final MembershipActions actions;
    private final Random random;
    private final int size;
    private Integer removing;

    MemberChurn(NodeProcesses cluster, String token, long seed) {
        this.cluster = cluster;
        this.actions = new MembershipActions(cluster, token);
        this.random = new Random(seed ^ 0x5EED);
        this.size = cluster.memberIds().size();
    }

    /** One change (or the one left unfinished); says what happened, for the cycle's line. */
    String step(Integer leader) {
        if (!actions.addUnfinished() && removing == null) {
            List<Integer> ids = cluster.memberIds();
            if (ids.size() > size || cluster.size() >= cluster.maxNodes()) {
                removing = leader != null && random.nextBoolean() ? leader : ids.get(random.nextInt(ids.size()));
            }
        }
        return removing != null ? remove(PATIENCE) : add(PATIENCE);
    }

    /** Finishes a change left unfinished (on the healed cluster, with more patience); null if none was. */
    String finish() {
        Duration patience = Duration.ofSeconds(60);
        return removing != null ? remove(patience) : actions.addUnfinished() ? add(patience) : null;
    }

    private String add(Duration patience) {
        MembershipActions.Outcome o = actions.add(patience);
        return o.done() ? "+ added S" + o.id() : "+ adding S" + o.id() + " not done yet (" + shorter(o.text()) + ")";
    }

    private String remove(Duration patience) {
        MembershipActions.Outcome o = actions.remove(removing, patience);
        if (o.done()) {
            removing = null;
        }
        return o.done() ? "- removed S" + o.id() : "- removing S" + o.id() + " not done yet (" + shorter(o.text()) + ")";
    }

    /** The reason, without the node named again, cut to fit a cycle's line. */
    private static String shorter(String text) {
        String why = text.substring(text.indexOf(": ") + 2);
        return why.length() > 100 ? why.substring(0, 100) + "..." : why;
    }
}
