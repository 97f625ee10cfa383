package raftlab.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import raftlab.server.client.KvHttpClient;

/**
 * {@code ./raftlab kv} with no command: the key/value commands one per line against one connection to
 * the cluster, plus {@code connect}, {@code watch}, {@code help} and {@code exit}. On a terminal it
 * has line editing, history ({@code ~/.raftlab_kv_history}) and tab completion of commands (JLine);
 * from a pipe it runs the lines as a script, prints no prompt, and exits with the worst code any line
 * had (0 yes, 1 no, 2 failed). A failed line never ends the shell.
 */
final class KvShell implements AutoCloseable {
    static final List<String> KV_COMMANDS = List.of("get", "put", "delete", "append", "cas", "batch", "scan", "status");
    static final List<String> OWN_COMMANDS = List.of("connect", "watch", "help", "exit", "quit");
    private static final long WATCH_INTERVAL_MS = 500;

    private final PrintWriter out;
    private final PrintWriter err;
    /** Words as a shell splits them ("quotes" keep spaces); an open quote continues on the next line of a terminal. */
    private final DefaultParser words = new DefaultParser().eofOnUnclosedQuote(true);
    private List<String> nodes;
    private KvHttpClient client;
    private int worst;

    KvShell(List<String> nodes, PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
        connect(nodes);
    }

    /** Runs the shell on {@code in}: interactive when the process has a terminal, a script otherwise. */
    static int open(List<String> nodes, InputStream in, PrintWriter out, PrintWriter err) {
        try (KvShell shell = new KvShell(nodes, out, err)) {
            if (System.console() != null && in == System.in) {
                return shell.interactive();
            }
            return shell.script(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        }
    }

    /** Every line of {@code lines}, in order; the worst exit code any had. */
    int script(BufferedReader lines) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!run(line, () -> false)) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return worst;
    }

    private int interactive() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            List<String> all = new ArrayList<>(KV_COMMANDS);
            all.addAll(OWN_COMMANDS);
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("raftlab kv").parser(words)
                    .completer(new ArgumentCompleter(new StringsCompleter(all), NullCompleter.INSTANCE))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".raftlab_kv_history"))
                    .build();
            out.println("raftlab kv: connected to " + String.join(",", nodes) + " (leader " + client.current()
                    + "). 'help' lists the commands; Tab completes them; Ctrl-D leaves.");
            out.flush();
            AtomicBoolean interrupted = new AtomicBoolean();
            terminal.handle(Terminal.Signal.INT, signal -> interrupted.set(true)); // stops a watch, not the shell
            while (true) {
                String line;
                try {
                    line = reader.readLine("kv> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    return 0;
                }
                interrupted.set(false);
                if (!run(line, interrupted::get)) {
                    return 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** Runs one line; false when it asks to leave. {@code stop} ends a {@code watch}. */
    boolean run(String line, BooleanSupplier stop) {
        List<String> args;
        try {
            args = words.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words().stream().filter(w -> !w.isEmpty()).toList();
        } catch (RuntimeException e) { // an unclosed quote
            return note(2, "cannot read that line (" + e.getMessage() + "): " + line);
        }
        if (args.isEmpty() || args.get(0).startsWith("#")) {
            return true;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (command) {
            case "exit", "quit" -> {
                return false;
            }
            case "help" -> help();
            case "connect" -> {
                if (rest.isEmpty()) {
                    out.println("connected to " + String.join(",", nodes) + " (leader " + client.current() + ")");
                    out.flush();
                    return true;
                }
                if (rest.size() != 1) {
                    return note(2, "connect URL[,URL...] (one argument, commas between the URLs)");
                }
                connect(Arrays.asList(rest.get(0).split(",")));
                out.println("connected to " + String.join(",", nodes) + " (leader " + client.current() + ")");
            }
            case "watch" -> watch(rest, stop);
            default -> {
                if (!KV_COMMANDS.contains(command)) {
                    return note(2, "no command '" + command + "'; 'help' lists them");
                }
                KvCommand kv = new KvCommand();
                kv.nodes = nodes;
                kv.shared = client;
                CommandLine cli = new CommandLine(kv).setOut(out).setErr(err);
                cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
                    err.println("error: " + e.getMessage());
                    return 2;
                });
                worst = Math.max(worst, cli.execute(args.toArray(String[]::new)));
            }
        }
        out.flush();
        err.flush();
        return true;
    }

    /**
     * {@code watch KEY [--count N]}: the key's value each time its version changes, polled with a
     * linearizable read every half second, until N changes were shown or Ctrl-C.
     */
    private void watch(List<String> rest, BooleanSupplier stop) {
        if (rest.isEmpty() || rest.size() == 2 || rest.size() > 3 || (rest.size() == 3 && !rest.get(1).equals("--count"))) {
            note(2, "watch KEY [--count N]");
            return;
        }
        int count;
        try {
            count = rest.size() == 3 ? Integer.parseInt(rest.get(2)) : Integer.MAX_VALUE;
        } catch (NumberFormatException e) {
            note(2, "watch: --count takes a number, not " + rest.get(2));
            return;
        }
        String key = rest.get(0);
        String last = null;
        int shown = 0;
        while (shown < count && !stop.getAsBoolean()) {
            String now;
            try {
                KvHttpClient.Reply r = client.get(key, false);
                now = r.status() == 404 ? key + ": absent" : r.ok()
                        ? key + " = " + r.field("value") + " (version " + r.field("version") + ")"
                        : key + ": " + r;
            } catch (RuntimeException e) {
                now = key + ": no answer (" + e.getMessage() + ")";
            }
            if (!now.equals(last)) {
                out.println(now);
                out.flush();
                last = now;
                shown++;
            }
            if (shown < count) {
                try {
                    Thread.sleep(WATCH_INTERVAL_MS); // polling at a human pace: nothing here waits on another thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void help() {
        out.println("""
                get KEY [--stale]                a key's value and version
                put KEY VALUE                    set a key ("quotes" keep spaces)
                delete KEY                       remove a key
                append KEY SUFFIX                append to a key's value
                cas KEY VALUE --version N        set a key only if its version is N (0: only if absent)
                batch WRITE...                   writes as one, all or nothing: put K V, append K S,
                                                 delete K, cas K V VERSION (e.g. batch put a 1 delete b)
                scan [PREFIX] [--limit N]        keys starting with PREFIX, in order
                status                           every node's role, term and indexes
                connect URL[,URL...]             talk to another cluster (no argument: where this one is)
                watch KEY [--count N]            the key each time it changes (Ctrl-C stops)
                help, exit (or quit, or Ctrl-D)""");
    }

    private void connect(List<String> urls) {
        KvHttpClient next = new KvHttpClient(urls.stream().map(String::trim).toList(), 1);
        next.findLeader();
        if (client != null) {
            client.close();
        }
        client = next;
        nodes = List.copyOf(urls);
    }

    private boolean note(int code, String message) {
        err.println(message);
        err.flush();
        worst = Math.max(worst, code);
        return true;
    }

    @Override
    public void close() {
        client.close();
    }
}
