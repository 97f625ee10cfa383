package raftlab.tools.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import raftlab.tester.linearizability.CheckResult;
import raftlab.tester.linearizability.Checker;
import raftlab.tester.linearizability.History;
import raftlab.tester.linearizability.HtmlReport;

/** {@code raftlab check-history}: the linearizability checker on a history file. */
@Command(name = "check-history", mixinStandardHelpOptions = true,
        description = "Check a JSON history for linearizability. Prints linearizable, not linearizable or unknown"
                + " (exit 0, 1, 2); the format is in docs/linearizability.md.")
public final class CheckHistoryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the history (JSON)")
    Path file;

    @Option(names = "--model", description = "kv or register (default: the file's \"model\")")
    String model;

    @Option(names = "--html", paramLabel = "OUT", description = "write an HTML report here when the history is not linearizable")
    Path html;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "S", description = "give up after S seconds: unknown (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        History.Loaded h = History.read(file, model);
        CheckResult r;
        try {
            r = Checker.check(h.spec().model(), h.operations(), Duration.ofMillis((long) (timeoutSeconds * 1000)));
        } catch (IllegalStateException e) { // the model refused an operation the reader let through
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().println(r.verdict().text());
        spec.commandLine().getErr().println(h.operations().size() + " operations, " + r.partitions().size() + " part(s), " + r.millis() + " ms");
        if (html != null && r.firstIllegal() != null) {
            HtmlReport.write(html, h.spec().model(), r);
            spec.commandLine().getErr().println("report: " + html);
        }
        return r.verdict().exitCode();
    }
}
