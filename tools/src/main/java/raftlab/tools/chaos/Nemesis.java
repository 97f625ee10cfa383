package raftlab.tools.chaos;

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
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import raftlab.server.cli.NodeProcesses;
import raftlab.server.net.PeerAuth;

/**
 * The faults of a chaos run, on a local cluster whose nodes allow fault injection: SIGKILL and
 * restart (of the leader, a follower, or a majority), SIGSTOP past the election timeout, and network
 * partitions, cut in each node's peer transport over the authenticated peer channel.
 */
final class Nemesis {
    /** One kind of fault; {@code leader} says whether it takes the leader away (for recovery times). */
    enum Kind {
        KILL_LEADER(true), KILL_FOLLOWER(false), KILL_MAJORITY(true), PAUSE_LEADER(true), PAUSE_FOLLOWER(false),
        ISOLATE_LEADER(true), ISOLATE_FOLLOWER(false), SPLIT(false);

        final boolean leader;

        Kind(boolean leader) {
            this.leader = leader;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A fault in force: what, on which nodes, and how to end it. */
    record Fault(Kind kind, List<Integer> nodes, String description) {
    }

    private final NodeProcesses cluster;
    private final String token;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Nemesis(NodeProcesses cluster, String token, long seed) {
        this.cluster = cluster;
        this.token = token;
        this.random = new Random(seed);
    }

    /** Picks a fault at random and starts it. */
    Fault start() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        int n = cluster.size();
        Integer leader = leader();
        int target = kind.leader && leader != null ? leader : pickOther(leader);
        List<Integer> nodes = new ArrayList<>(List.of(target));
        switch (kind) {
            case KILL_LEADER, KILL_FOLLOWER -> cluster.kill(target);
            case KILL_MAJORITY -> {
                while (nodes.size() < n / 2 + 1) {
                    int other = random.nextInt(n);
                    if (!nodes.contains(other)) {
                        nodes.add(other);
                    }
                }
                nodes.forEach(cluster::kill);
            }
            case PAUSE_LEADER, PAUSE_FOLLOWER -> cluster.pause(target);
            case ISOLATE_LEADER, ISOLATE_FOLLOWER -> partition(Set.of(target));
            case SPLIT -> {
                Set<Integer> minority = new TreeSet<>(Set.of(target));
                while (minority.size() < (n - 1) / 2) {
                    minority.add(random.nextInt(n));
                }
                nodes = new ArrayList<>(minority);
                partition(minority);
            }
        }
        return new Fault(kind, nodes, kind.label() + " " + nodes.stream().map(i -> "S" + i).toList()
                + (leader == null ? " (no leader)" : " (leader S" + leader + ")"));
    }

    /** Ends {@code f}: restarts killed nodes, resumes paused ones, heals partitions. */
    void end(Fault f) {
        switch (f.kind()) {
            case KILL_LEADER, KILL_FOLLOWER, KILL_MAJORITY -> f.nodes().forEach(cluster::start);
            case PAUSE_LEADER, PAUSE_FOLLOWER -> f.nodes().forEach(cluster::resume);
            case ISOLATE_LEADER, ISOLATE_FOLLOWER, SPLIT -> heal();
        }
    }

    /** Every node back: started if dead, resumed if paused, cut off from nobody. */
    void healAll() {
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

    /** Cuts {@code side} off from the other nodes, in both directions. */
    private void partition(Set<Integer> side) {
        for (int i = 0; i < cluster.size(); i++) {
            List<Integer> cut = new ArrayList<>();
            for (int j = 0; j < cluster.size(); j++) {
                if (j != i && side.contains(i) != side.contains(j)) {
                    cut.add(j);
                }
            }
            cutOff(i, cut);
        }
    }

    private void heal() {
        for (int i = 0; i < cluster.size(); i++) {
            cutOff(i, List.of());
        }
    }

    /**
     * Tells node {@code i} which peers it no longer reaches. A node that is down or still starting is
     * skipped: it starts whole, and the others' cuts alone make the partition one-way until it heals.
     */
    private void cutOff(int i, List<Integer> peers) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.peerUrls().get(i) + "/raft/faults"))
                .timeout(Duration.ofSeconds(3)).header(PeerAuth.HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"cutOff\":" + peers + "}")).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 404 || r.statusCode() == 401) {
                throw new IllegalStateException("node " + i + " refused the fault (" + r.statusCode() + "): " + r.body());
            }
        } catch (IOException down) {
            // not running, or paused past the timeout: it holds no partition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The leader as some node reports it, or null. */
    Integer leader() {
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

    private int pickOther(Integer leader) {
        int n = cluster.size();
        int i = random.nextInt(n);
        return leader != null && i == leader ? (i + 1) % n : i;
    }
}
