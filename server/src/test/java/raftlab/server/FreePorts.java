package raftlab.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import raftlab.server.cli.NodeProcesses;

/** Ports for a local cluster of node processes in a test. */
public final class FreePorts {
    private FreePorts() {
    }

    /** The first of {@code n} consecutive free client ports on loopback whose peer ports are free too. */
    public static int forCluster(int n) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    held.add(new ServerSocket(first + i, 50, InetAddress.getLoopbackAddress()));
                    held.add(new ServerSocket(first + NodeProcesses.PEER_PORT_OFFSET + i, 50, InetAddress.getLoopbackAddress()));
                }
                return first;
            } catch (IOException taken) {
                // try another range
            } finally {
                for (ServerSocket s : held) {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a probe socket
                    }
                }
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports found");
    }
}
