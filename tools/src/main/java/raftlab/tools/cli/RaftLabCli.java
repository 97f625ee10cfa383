package raftlab.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./raftlab} command line for students and instructors (picocli). */
@Command(name = "raftlab", mixinStandardHelpOptions = true, version = "RaftLab 0.1",
        description = "Build Raft and a linearizable KV store in five labs: grade, test, and make the student handout.",
        footer = {"", "The real cluster (lab 5's store over HTTP): cluster, node, kv, bench, chaos — e.g. ./raftlab cluster --help"},
        subcommands = {GradeCommand.class, TestCommand.class, ServerTestCommand.class, TraceCommand.class, HandoutCommand.class,
                CheckHistoryCommand.class,
                raftlab.tools.bugzoo.BugZooCommand.class, raftlab.tools.chaos.ChaosCommand.class, ParallelGrader.Worker.class})
public final class RaftLabCli implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new RaftLabCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof java.io.IOException) {
                cmd.getErr().println("raftlab: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int code = cli.execute(args);
        System.exit(code);
    }
}
