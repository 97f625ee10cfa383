package raftlab.tools.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import raftlab.tester.trace.ColumnView;
import raftlab.tester.trace.Timeline;
import raftlab.tester.trace.TimelinePage;
import raftlab.tester.trace.TraceLine;
import raftlab.tester.trace.TraceReader;

/** {@code raftlab trace view|show}: a failing run's trace as an HTML timeline or as terminal columns. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Look at a trace (.jsonl) that a failing test wrote: `view` writes its HTML timeline, `show` prints"
                + " it in columns, one per server.",
        subcommands = {TraceCommand.View.class, TraceCommand.Show.class})
public final class TraceCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "view", mixinStandardHelpOptions = true,
            description = "Write the trace's timeline as one self-contained HTML page: a lane per server with roles and"
                    + " terms, messages as arrows, crashes and partitions, commit/apply/snapshot markers, and the failure"
                    + " highlighted. Open it in any browser; it needs no network.")
    static final class View implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE", description = "a trace file, e.g. target/raftlab-traces/lab1.ReElection-seed42.jsonl")
        Path trace;

        @Option(names = "--out", paramLabel = "FILE.html", description = "where to write the page (default: next to the trace, .html)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path page = out != null ? out : trace.resolveSibling(trace.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".html");
            TimelinePage.write(trace, page);
            System.out.println("wrote " + page.toAbsolutePath() + "\nopen it in a browser: file://" + page.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the trace in the terminal: one column per server, each event colored by topic; what the"
                    + " tester did (crash, partition, heal, ...) spans the width.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE", description = "a trace file (.jsonl)")
        Path trace;

        @Option(names = "--servers", split = ",", paramLabel = "I", description = "only these servers' columns, e.g. 0,2 (default: all)")
        List<Integer> servers;

        @Option(names = "--clients", description = "add a column per clerk (labs 4-5)")
        boolean clients;

        @Option(names = "--topics", split = ",", paramLabel = "TOPIC",
                description = "only these topics (the tester's actions and the failure always show): vote, append, heartbeat,"
                        + " snapshot, role, commit, apply, persist, client, drop, rpc, or a topic of your own runtime.log lines")
        List<String> topics;

        @Option(names = "--hide", split = ",", paramLabel = "TOPIC", description = "leave these topics out, e.g. heartbeat,persist")
        List<String> hide;

        @Option(names = "--from", paramLabel = "MS", defaultValue = "0", description = "from this time (ms; default ${DEFAULT-VALUE})")
        long from;

        @Option(names = "--to", paramLabel = "MS", defaultValue = "" + Long.MAX_VALUE, description = "up to this time (ms; default: the end)")
        long to;

        @Option(names = "--width", paramLabel = "N", description = "line width (default: $COLUMNS, else 160)")
        Integer width;

        @Option(names = "--color", negatable = true, description = "color by topic (default: when printing to a terminal)")
        Boolean color;

        @Override
        public Integer call() throws Exception {
            if (from > to) {
                throw new IllegalArgumentException("--from " + from + " is after --to " + to);
            }
            List<TraceLine> lines = TraceReader.read(trace);
            Timeline timeline = Timeline.of(trace.toString(), lines);
            ColumnView view = new ColumnView(timeline);
            List<Integer> lanes = lanes(timeline);
            Set<String> known = view.topics();
            Set<String> only = topicSet(topics, known);
            Set<String> hidden = topicSet(hide, known);
            view.print(new ColumnView.Options(lanes, only, hidden, from, to, width(), color == null ? System.console() != null : color),
                    System.out);
            return 0;
        }

        private List<Integer> lanes(Timeline timeline) {
            List<Integer> out = new ArrayList<>();
            if (servers != null) {
                for (int s : servers) {
                    int lane = timeline.lane("S" + s);
                    if (lane == Timeline.TESTER) {
                        throw new IllegalArgumentException("no server S" + s + " in this trace; it has "
                                + timeline.lanes().stream().map(Timeline.Lane::name).toList());
                    }
                    out.add(lane);
                }
            } else {
                for (int i = 0; i < timeline.lanes().size(); i++) {
                    if (timeline.lanes().get(i).kind().equals("server")) {
                        out.add(i);
                    }
                }
            }
            if (clients) {
                for (int i = 0; i < timeline.lanes().size(); i++) {
                    if (timeline.lanes().get(i).kind().equals("client")) {
                        out.add(i);
                    }
                }
            }
            return out;
        }

        private static Set<String> topicSet(List<String> names, Set<String> known) {
            if (names == null) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            for (String n : names) {
                String t = n.trim().toLowerCase(Locale.ROOT);
                if (!known.contains(t)) {
                    throw new IllegalArgumentException("unknown topic '" + n + "'; this trace has: " + String.join(", ", known));
                }
                out.add(t);
            }
            return out;
        }

        private int width() {
            if (width != null) {
                if (width < 40) {
                    throw new IllegalArgumentException("--width must be at least 40");
                }
                return width;
            }
            try {
                return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "160")));
            } catch (NumberFormatException e) {
                return 160;
            }
        }
    }
}
