package raftlab.server.cli;

import com.google.gson.GsonBuilder;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import raftlab.server.client.KvHttpClient;

/**
 * {@code ./raftlab kv ...}: one operation against a running cluster. The client asks any node who
 * leads and talks to the leader. Exit code 0 when the answer is yes, 1 when it is no (no such key, a
 * version mismatch), 2 when the request failed.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Talk to a running cluster: get, put, delete, append, cas, scan, status.",
        subcommands = {KvCommand.Get.class, KvCommand.Put.class, KvCommand.Delete.class, KvCommand.Append.class,
            KvCommand.Cas.class, KvCommand.Scan.class, KvCommand.Status.class})
final class KvCommand implements Runnable {
    @Option(names = "--nodes", split = ",", description = "the cluster's node URLs (default: ${DEFAULT-VALUE})")
    List<String> nodes = List.of("http://127.0.0.1:7001", "http://127.0.0.1:7002", "http://127.0.0.1:7003");

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    int run(java.util.function.Function<KvHttpClient, KvHttpClient.Reply> op) {
        try (KvHttpClient client = new KvHttpClient(nodes, 1)) {
            client.findLeader();
            KvHttpClient.Reply r = op.apply(client);
            System.out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(r.body()));
            return r.ok() ? 0 : r.status() == 404 || r.status() == 409 ? 1 : 2;
        }
    }

    @Command(name = "get", description = "A key's value and version (linearizable unless --stale).")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Option(names = "--stale", description = "read the node's local replica without the log: faster, maybe old")
        boolean stale;

        @Override
        public Integer call() {
            return kv.run(c -> c.get(key, stale));
        }
    }

    @Command(name = "put", description = "Set a key.")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        public Integer call() {
            return kv.run(c -> c.put(key, value));
        }
    }

    @Command(name = "delete", description = "Remove a key.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        public Integer call() {
            return kv.run(c -> c.delete(key));
        }
    }

    @Command(name = "append", description = "Append to a key's value (an absent key counts as empty).")
    static final class Append implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "SUFFIX")
        String value;

        @Override
        public Integer call() {
            return kv.run(c -> c.append(key, value));
        }
    }

    @Command(name = "cas", description = "Set a key only if its version is --version (0: only if absent).")
    static final class Cas implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;
        @Option(names = "--version", required = true, description = "the version the key must have")
        long version;

        @Override
        public Integer call() {
            return kv.run(c -> c.cas(key, value, version));
        }
    }

    @Command(name = "scan", description = "Keys starting with PREFIX, in order.")
    static final class Scan implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;
        @Parameters(index = "0", paramLabel = "PREFIX", defaultValue = "")
        String prefix;
        @Option(names = "--limit", description = "at most this many keys (default: ${DEFAULT-VALUE})")
        int limit = 100;
        @Option(names = "--stale", description = "read the node's local replica without the log")
        boolean stale;

        @Override
        public Integer call() {
            return kv.run(c -> c.scan(prefix, limit, stale));
        }
    }

    @Command(name = "status", description = "Every node's role, term, indexes and sizes.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        KvCommand kv;

        @Override
        public Integer call() {
            return kv.run(KvHttpClient::status);
        }
    }
}
