package raftlab.tester.harness;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.trace.TraceSink;

/**
 * Who can talk to whom among a cluster's peers, kept in the network's ends. A peer is connected or
 * not (6.5840's connect/disconnect: a disconnected peer talks to nobody), and on top of that single
 * links can be cut (partitions, one-sided reconnects). The end from i to j is enabled exactly when
 * both peers are connected and the link between them is up.
 */
final class Links {
    private final Network net;
    /** Every change of connectivity is a trace event: the timeline draws it. */
    private final TraceSink trace;
    private final String[][] endNames;
    private final boolean[] connected;
    private final boolean[][] down;

    Links(Network net, int n, TraceSink trace) {
        this.net = net;
        this.trace = trace;
        this.endNames = new String[n][n];
        this.connected = new boolean[n];
        this.down = new boolean[n][n];
    }

    /** Records peer i's fresh end to j (after a restart) and gives it the link's current state. */
    void attach(int i, int j, String endName) {
        endNames[i][j] = endName;
        apply(i, j);
    }

    boolean connected(int i) {
        return connected[i];
    }

    void connect(int i) {
        trace.event("connect").put("node", "S" + i).emit();
        connected[i] = true;
        for (int j = 0; j < connected.length; j++) {
            apply(i, j);
            apply(j, i);
        }
    }

    void disconnect(int i) {
        trace.event("disconnect").put("node", "S" + i).emit();
        connected[i] = false;
        for (int j = 0; j < connected.length; j++) {
            apply(i, j);
            apply(j, i);
        }
    }

    void setLink(int i, int j, boolean up) {
        trace.event(up ? "link-up" : "link-down").put("a", "S" + i).put("b", "S" + j).emit();
        down[i][j] = !up;
        down[j][i] = !up;
        apply(i, j);
        apply(j, i);
    }

    /** Takes the link from i to j down or up in that direction only: i's requests (not j's answers to them). */
    void setOneWay(int from, int to, boolean up) {
        trace.event(up ? "link-up" : "link-down").put("a", "S" + from).put("b", "S" + to).put("oneWay", true).emit();
        down[from][to] = !up;
        apply(from, to);
    }

    /** Everyone connected, but only within its side. */
    void partition(Set<Integer> sideA) {
        trace.event("partition").put("side", new TreeSet<>(sideA).toString()).emit();
        for (int i = 0; i < connected.length; i++) {
            connected[i] = true;
            for (int j = 0; j < connected.length; j++) {
                down[i][j] = sideA.contains(i) != sideA.contains(j);
            }
        }
        applyAll();
    }

    /** Every link up and every peer connected. */
    void healAll() {
        trace.event("heal").emit();
        for (boolean[] row : down) {
            Arrays.fill(row, false);
        }
        Arrays.fill(connected, true);
        applyAll();
    }

    private void applyAll() {
        for (int i = 0; i < connected.length; i++) {
            for (int j = 0; j < connected.length; j++) {
                apply(i, j);
            }
        }
    }

    private void apply(int from, int to) {
        if (endNames[from][to] != null) {
            net.enable(endNames[from][to], connected[from] && connected[to] && !down[from][to]);
        }
    }
}
