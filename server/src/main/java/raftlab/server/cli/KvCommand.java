package raftlab.server.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import raftlab.kv.KvWrite;
import raftlab.server.client.KvHttpClient;

/**
 * {@code ./raftlab kv ...}: one operation against a running cluster, or with no operation a shell
 * ({@link KvShell}). The client asks any node who leads and talks to the leader. Exit code 0 when the
 * answer is yes, 1 when it is no (no such key, a version mismatch), 2 when the request failed.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = {"Talk to a running cluster: get, put, delete, append, cas, batch, scan, status.",
            "With no command, a shell: the same commands one per line, plus connect, watch, help and exit;"
                    + " line editing and history on a terminal, a script from standard input otherwise."})
final class KvCommand implements Callable<Integer> {
    @Option(names = "--nodes", split = ",", description = "the cluster's node URLs (default: ${DEFAULT-VALUE})")
    List<String> nodes = List.of("http://127.0.0.1:7001", "http://127.0.0.1:7002", "http://127.0.0.1:7003");

    @Spec
    CommandSpec spec;

    /** The shell's client, kept from one line to the next; null for a one-off command, which makes its own. */
    KvHttpClient shared;

    @Override
    public Integer call() {
        return KvShell.open(nodes, System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(name = "get", description = "A key's value and version (linearizable unless --stale).")
    int get(@Parameters(paramLabel = "KEY") String key,
            @Option(names = "--stale", description = "read the node's local replica without the log: faster, maybe old")
            boolean stale) {
        return send(c -> c.get(key, stale));
    }

    @Command(name = "put", description = "Set a key.")
    int put(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value) {
        return send(c -> c.put(key, value));
    }

    @Command(name = "delete", description = "Remove a key.")
    int delete(@Parameters(paramLabel = "KEY") String key) {
        return send(c -> c.delete(key));
    }

    @Command(name = "append", description = "Append to a key's value (an absent key counts as empty).")
    int append(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "SUFFIX") String suffix) {
        return send(c -> c.append(key, suffix));
    }

    @Command(name = "cas", description = "Set a key only if its version is --version (0: only if absent).")
    int cas(@Parameters(paramLabel = "KEY") String key, @Parameters(paramLabel = "VALUE") String value,
            @Option(names = "--version", required = true, description = "the version the key must have") long version) {
        return send(c -> c.cas(key, value, version));
    }

    @Command(name = "batch", description = {"Several writes as one, all or nothing: each WRITE is put KEY VALUE,"
            + " append KEY SUFFIX, delete KEY or cas KEY VALUE VERSION.",
        "e.g. batch cas stock 9 4 put order-17 shipped (exit 1 if a delete or cas did not match: nothing applied)"})
    int batch(@Parameters(paramLabel = "WRITE", arity = "1..*") List<String> words) {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = 0; i < words.size(); ) {
            String op = words.get(i);
            int args = switch (op) {
                case "put", "append" -> 2;
                case "delete" -> 1;
                case "cas" -> 3;
                default -> throw new ParameterException(spec.commandLine(), "'" + op + "' is not a write: use put, append, delete or cas");
            };
            if (i + args >= words.size()) { // the op and its arguments run past the last word
                throw new ParameterException(spec.commandLine(), op + " needs " + args + (args == 1 ? " argument" : " arguments")
                        + " (" + (op.equals("cas") ? "KEY VALUE VERSION" : op.equals("delete") ? "KEY" : "KEY VALUE") + ")");
            }
            String key = words.get(i + 1);
            writes.add(switch (op) {
                case "put" -> KvWrite.put(key, words.get(i + 2));
                case "append" -> KvWrite.append(key, words.get(i + 2));
                case "delete" -> KvWrite.delete(key);
                default -> KvWrite.putIfVersion(key, words.get(i + 2), version(words.get(i + 3)));
            });
            i += 1 + args;
        }
        return send(c -> c.batch(writes));
    }

    private long version(String word) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "a cas's version is a whole number, not '" + word + "'");
        }
    }

    @Command(name = "scan", description = "Keys starting with PREFIX, in order.")
    int scan(@Parameters(paramLabel = "PREFIX", defaultValue = "") String prefix,
            @Option(names = "--limit", defaultValue = "100", description = "at most this many keys (default: ${DEFAULT-VALUE})")
            int limit,
            @Option(names = "--stale", description = "read the node's local replica without the log") boolean stale) {
        return send(c -> c.scan(prefix, limit, stale));
    }

    @Command(name = "status", description = "Every node's role, term, indexes and sizes.")
    int status() {
        return send(KvHttpClient::status);
    }

    private int send(Function<KvHttpClient, KvHttpClient.Reply> op) {
        if (shared != null) {
            return print(op.apply(shared));
        }
        try (KvHttpClient client = new KvHttpClient(nodes, 1)) {
            client.findLeader();
            return print(op.apply(client));
        }
    }

    private int print(KvHttpClient.Reply r) {
        spec.commandLine().getOut().println(PRETTY.toJson(r.body()));
        spec.commandLine().getOut().flush();
        return exitCode(r);
    }

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** 0 for yes, 1 for a clear no (no such key, a version mismatch), 2 for a failed request. */
    private static int exitCode(KvHttpClient.Reply r) {
        return r.ok() ? 0 : r.status() == 404 || r.status() == 409 ? 1 : 2;
    }
}
