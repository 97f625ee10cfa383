package raftlab.tester.harness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import raftlab.labrpc.net.ClientEnd;
import raftlab.labrpc.net.Network;
import raftlab.labrpc.runtime.NodeRuntime;

/**
 * The tester's own network ends to each peer, for scripted messages a peer cannot tell from another
 * peer's. They are not links between peers, so partitions leave them be. Made on first use.
 */
final class TesterEnds {
    private final LabRun run;
    private final Network net;
    private final int n;
    private final Map<Integer, ClientEnd> ends = new HashMap<>();
    private NodeRuntime runtime;

    TesterEnds(LabRun run, Network net, int n) {
        this.run = run;
        this.net = net;
        this.n = n;
    }

    /** One stub of {@code service} per peer, in peer order. */
    synchronized <T> List<T> stubs(Class<T> service) {
        if (runtime == null) {
            runtime = run.world().newNodeRuntime("tester", 1);
        }
        List<T> stubs = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            ClientEnd end = ends.computeIfAbsent(p, peer -> {
                String name = "tester->S" + peer;
                ClientEnd e = net.makeEnd(name, runtime);
                net.connect(name, "S" + peer);
                net.enable(name, true);
                return e;
            });
            stubs.add(end.stub(service));
        }
        return stubs;
    }
}
