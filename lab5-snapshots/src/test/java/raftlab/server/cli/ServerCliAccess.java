package raftlab.server.cli;

/** Lets tests run the command line in-process, exit code and all, without {@code System.exit}. */
public final class ServerCliAccess {
    private ServerCliAccess() {
    }

    public static int execute(String... args) {
        return ServerCli.execute(args);
    }
}
