package raftlab.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raftlab.server.NodeConfig;
import raftlab.server.net.PeerAuth;

/**
 * {@code ./raftlab cluster kill|pause|resume|restart|wipe|partition|heal|add-node|remove-node}: one action on nodes of a
 * cluster that {@code ./raftlab cluster} is running, sent to its supervisor's control channel
 * ({@link ClusterControl}) with the cluster's token. Exit 0 when done, 1 when refused, 2 when no
 * supervisor answers.
 */
@Command(mixinStandardHelpOptions = true)
final class ControlCommand implements Callable<Integer> {
    private final ClusterControl.Action action;

    @Parameters(arity = "0..*", paramLabel = "NODE", description = "node numbers, from 0")
    List<Integer> nodes = List.of();

    @Option(names = "--data", description = "the cluster's data directory, as given to ./raftlab cluster (default: ${DEFAULT-VALUE})")
    Path data = Path.of("data");

    ControlCommand(ClusterControl.Action action) {
        this.action = action;
    }

    /** Registers one subcommand per action under {@code cluster}. */
    static void addTo(picocli.CommandLine cluster) {
        for (ClusterControl.Action a : ClusterControl.Action.values()) {
            picocli.CommandLine sub = new picocli.CommandLine(new ControlCommand(a));
            sub.getCommandSpec().usageMessage().description(a.meaning + (a.needsNodes() ? "" : " (takes no nodes)"));
            cluster.addSubcommand(a.label(), sub);
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path urlFile = data.resolve(ClusterControl.URL_FILE);
        if (!Files.exists(urlFile)) {
            System.err.println("raftlab: no ./raftlab cluster is running on " + data.toAbsolutePath()
                    + " (no " + ClusterControl.URL_FILE + "); start one, or give its --data");
            return 2;
        }
        String base = Files.readString(urlFile, StandardCharsets.UTF_8).trim();
        String query = nodes.isEmpty() ? "" : "?nodes=" + nodes.stream().map(String::valueOf).collect(Collectors.joining(","));
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + ClusterControl.PREFIX + action.label() + query))
                .timeout(Duration.ofSeconds(90)).header(PeerAuth.HEADER, NodeConfig.readToken(data.resolve("token")))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("raftlab: the cluster's supervisor at " + base + " does not answer (" + e.getMessage()
                    + "); is ./raftlab cluster still running on " + data + "?");
            return 2;
        }
        String answer = com.google.gson.JsonParser.parseString(r.body()).getAsJsonObject().entrySet().iterator().next()
                .getValue().getAsString();
        if (r.statusCode() == 200) {
            System.out.println(answer);
            return 0;
        }
        System.err.println("raftlab: " + answer);
        return 1;
    }
}
