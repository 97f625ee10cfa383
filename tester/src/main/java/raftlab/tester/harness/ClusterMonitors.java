package raftlab.tester.harness;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import raftlab.labrpc.net.Network;
import raftlab.raft.PeerState;
import raftlab.raft.RaftInspection;
import raftlab.tester.monitor.ElectionSafety;
import raftlab.tester.monitor.LogMonitors;
import raftlab.tester.monitor.ProgressMonitors;
import raftlab.tester.monitor.ServerNames;
import raftlab.tester.monitor.TermMonotonic;
import raftlab.tester.monitor.VoteWire;

/**
 * Every monitor a {@link RaftCluster} runs, installed in the order that matters (the state recorder
 * first, so the state that breaks a rule is in the trace before a monitor fails the run), with the
 * wire feeds they need; and what they must forget when the tester restarts or wipes a peer.
 */
final class ClusterMonitors {
    private final TermMonotonic terms;
    private final StateRecorder recorder;
    private final ProgressMonitors progress;
    private final ElectionSafety elections;
    private final boolean durable;

    /**
     * @param state   peer i's state, or null while it is down
     * @param inspect peer i's log view, or null
     * @param durable whether peers must keep their term across restarts (lab 3 on)
     */
    ClusterMonitors(LabRun run, Network net, int n, IntFunction<PeerState> state, IntFunction<RaftInspection> inspect,
                    Applied applied, boolean durable) {
        this.durable = durable;
        String[] names = new String[n];
        java.util.Arrays.setAll(names, k -> "S" + k);
        IntPredicate changed = k -> run.mayHaveChanged(names[k]);
        this.terms = new TermMonotonic(n, state);
        this.recorder = new StateRecorder(run.trace(), n, state, inspect, applied::lastApplied, changed);
        this.progress = new ProgressMonitors(n, inspect, state, applied::lastApplied, changed);
        run.addMonitor(recorder);
        this.elections = new ElectionSafety(n, state, durable);
        run.addMonitor(elections); // before the log monitors: a term led twice explains what they would see
        run.addMonitor(terms);
        net.observe((caller, server, method, args, reply) -> { // the terms each peer answered with (takes no lock)
            int i = ServerNames.index(server, n);
            if (i >= 0 && VoteWire.component(reply, "term") instanceof Long t) {
                terms.answered(i, t);
            }
        });
        LogMonitors logs = new LogMonitors(n, inspect, state, applied::committedAt);
        VoteWire.watchAcks(net, logs);
        run.addMonitor(logs);
        run.addMonitor(progress);
        run.addMonitor(VoteWire.watch(net, run::now)); // a voter grants one vote per term, across restarts too
    }

    /** Peer i is about to restart (it is down): its history starts afresh. */
    void restarting(int i) {
        terms.forget(i, durable);
        recorder.forget(i);
        progress.forget(i);
        elections.restarting(i);
    }

    /** Peer i's disk was wiped: it may come back from term 0. */
    void wiped(int i) {
        terms.wiped(i);
        elections.wiped(i);
    }
}
