package raftlab.server.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import raftlab.server.net.PeerAuth;

/**
 * Faults on a local cluster's nodes, for a chaos run and for {@code ./raftlab cluster kill|pause|…}:
 * the processes' own (SIGKILL, SIGSTOP, restart, wipe) through {@link NodeProcesses}, and network
 * partitions cut in each node's peer transport over the authenticated peer channel
 * ({@code POST /raft/faults}; the nodes must allow fault injection).
 */
public final class ClusterFaults {
    private final NodeProcesses cluster;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ClusterFaults(NodeProcesses cluster, String token) {
        this.cluster = cluster;
        this.token = token;
    }

    public NodeProcesses cluster() {
        return cluster;
    }

    /**
     * Cuts {@code side} off from the other nodes, in both directions; returns the nodes that took the
     * cut (one that is down or starting did not: it starts whole).
     */
    public List<Integer> partition(Set<Integer> side) {
        List<Integer> reached = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            List<Integer> cut = new ArrayList<>();
            for (int j = 0; j < cluster.size(); j++) {
                if (j != i && side.contains(i) != side.contains(j)) {
                    cut.add(j);
                }
            }
            if (cutOff(i, cut)) {
                reached.add(i);
            }
        }
        return reached;
    }

    /** Every node reaches every other again; returns the nodes that were told so. */
    public List<Integer> heal() {
        List<Integer> reached = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (cutOff(i, List.of())) {
                reached.add(i);
            }
        }
        return reached;
    }

    /** Every node back: started if dead, resumed if paused, cut off from nobody. */
    public void healAll() {
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.alive(i)) {
                cluster.start(i);
            } else {
                try {
                    cluster.resume(i);
                } catch (IllegalStateException notRunning) {
                    // it died meanwhile: started on the next pass of the caller's wait
                }
            }
        }
        heal();
    }

    /**
     * Tells node {@code i} which peers it no longer reaches. A node that is down or still starting is
     * skipped: it starts whole, and the others' cuts alone make the partition one-way until it heals.
     */
    private boolean cutOff(int i, List<Integer> peers) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.peerUrls().get(i) + "/raft/faults"))
                .timeout(Duration.ofSeconds(3)).header(PeerAuth.HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"cutOff\":" + peers + "}")).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404 || r.statusCode() == 401) {
                throw new IllegalStateException("node " + i + " refused the fault (" + r.statusCode() + "): " + r.body());
            }
            return r.statusCode() == 200;
        } catch (IOException down) {
            return false; // not running, or paused past the timeout: it holds no partition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The leader as some node reports it, or null. */
    public Integer leader() {
        for (String url : cluster.urls()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/cluster/status")).timeout(Duration.ofSeconds(2)).GET().build();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                JsonElement leader = JsonParser.parseString(r.body()).getAsJsonObject().get("leader");
                if (r.statusCode() == 200 && leader != null && !leader.isJsonNull()) {
                    return leader.getAsInt();
                }
            } catch (IOException | RuntimeException unreachable) {
                // ask the next node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
