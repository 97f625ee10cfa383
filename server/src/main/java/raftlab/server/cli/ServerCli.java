package raftlab.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./raftlab cluster|node|kv|bench}: run the store as a real cluster and talk to it (picocli). */
@Command(name = "raftlab", mixinStandardHelpOptions = true, version = "RaftLab 0.1",
        description = "Run RaftLab's key/value store as a real cluster, and talk to it.",
        subcommands = {ClusterCommand.class, NodeCommand.class, KvCommand.class, BenchCommand.class})
public final class ServerCli implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in this JVM and returns its exit code (tests call it without System.exit). */
    public static int execute(String... args) {
        if (args.length > 0 && args[0].equals("node")) {
            // A node's JVM builds only its own command: picocli's model of every command took about a tenth
            // of a restarted node's time to serve.
            CommandLine node = new CommandLine(new NodeCommand()).setCommandName("raftlab node");
            return withErrorsExplained(node).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cli = new CommandLine(new ServerCli());
        ControlCommand.addTo(cli.getSubcommands().get("cluster"));
        return withErrorsExplained(cli).execute(args);
    }

    private static CommandLine withErrorsExplained(CommandLine cli) {
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof raftlab.server.disk.StorageCorruptedException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("raftlab: " + e.getMessage()); // a clear message, not a stack trace
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
