package raftlab.tester.junit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import raftlab.tester.harness.LabRun;
import raftlab.tester.monitor.SafetyViolation;
import raftlab.tester.trace.TimelinePage;
import raftlab.labrpc.trace.TraceEvent;

/**
 * Gives each graded test its seeded {@link LabRun}, and ends each test with one summary line. On
 * failure it writes the run's trace, and prints the seed and the one command that reproduces it.
 * The grader reads the figures back through JUnit report entries.
 */
public final class RaftLabExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RaftLabExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        LabRun run = new LabRun(RunSettings.seed(), RunSettings.mode());
        context.getStore(NS).put(LabRun.class, run);
        context.getStore(NS).put("cpu", cpuNanos(run));
    }

    /**
     * CPU time so far: the test thread's in simulation (it runs every node), the whole process's in
     * real mode (node threads do the work; the grader runs one test at a time per process).
     */
    private static long cpuNanos(LabRun run) {
        if (run.mode() == raftlab.tester.harness.Mode.SIM) {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LabRun.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return run(e);
    }

    private static LabRun run(ExtensionContext context) {
        return context.getStore(NS).get(LabRun.class, LabRun.class);
    }

    private static GradedTest test(ExtensionContext context) {
        return GradedTest.of(context.getRequiredTestMethod());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        LabRun run = run(context);
        GradedTest test = test(context);
        String mode = run.mode().lower();
        Path file = RunSettings.traceDir().resolve(test.id() + "-seed" + run.seed()
                + (mode.equals("sim") ? "" : "-" + mode) + ".jsonl");
        String kind = failure instanceof SafetyViolation ? "safety" : "failure";
        TraceEvent ending = run.trace().event("failure").put("kind", kind).put("msg", String.valueOf(failure.getMessage()))
                .put("test", test.id()).put("reproduce", test.reproduceCommand(run.seed(), mode));
        if (failure instanceof SafetyViolation sv) {
            ending.put("rule", sv.rule());
        }
        ending.emit(); // the viewer highlights this line and jumps to it
        String traceNote;
        try {
            run.trace().writeTo(file);
            traceNote = file + " (" + run.trace().lineCount() + " events, digest " + run.trace().digest().substring(0, 16) + ")";
        } catch (IOException e) {
            traceNote = "could not be written: " + e.getMessage();
        }
        StringBuilder extra = new StringBuilder();
        String base = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
        Path page = file.resolveSibling(base + ".html");
        try {
            TimelinePage.write(file, page);
            extra.append("\n  timeline: ").append(page).append(" (open in a browser; `./raftlab trace show ")
                    .append(file).append("` prints it in columns)");
        } catch (IOException | RuntimeException e) {
            extra.append("\n  timeline could not be written: ").append(e.getMessage());
        }
        for (LabRun.Artifact a : run.artifacts()) {
            Path out = file.resolveSibling(base + a.suffix());
            try {
                a.writer().write(out);
                extra.append("\n  see also: ").append(out);
            } catch (IOException e) {
                extra.append("\n  ").append(out).append(" could not be written: ").append(e.getMessage());
            }
        }
        context.getStore(NS).put("kind", kind);
        context.publishReportEntry(Map.of("raftlab.trace", file.toString(), "raftlab.kind", kind));
        String message = failure.getMessage() + "\n"
                + "  seed " + run.seed() + " (" + mode + ", at " + run.now() + " ms)\n"
                + "  trace: " + traceNote + extra + "\n"
                + "  reproduce: " + test.reproduceCommand(run.seed(), mode);
        AssertionError wrapped = failure instanceof SafetyViolation sv
                ? new LabTestFailure(message, sv, true) : new LabTestFailure(message, failure, false);
        wrapped.setStackTrace(failure.getStackTrace());
        throw wrapped;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        LabRun run = run(context);
        GradedTest test = test(context);
        run.close();
        boolean failed = context.getExecutionException().isPresent();
        long[] pc = run.peersAndCommits();
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("raftlab.seed", Long.toString(run.seed()));
        figures.put("raftlab.mode", run.mode().lower());
        figures.put("raftlab.virtualMs", Long.toString(run.now()));
        figures.put("raftlab.wallMs", Long.toString(Math.round(run.wallSeconds() * 1000)));
        Long cpuStart = context.getStore(NS).get("cpu", Long.class);
        figures.put("raftlab.cpuMs", Long.toString(cpuStart == null ? 0 : (cpuNanos(run) - cpuStart) / 1_000_000));
        figures.put("raftlab.rpcs", Long.toString(run.network().totalCount()));
        figures.put("raftlab.bytes", Long.toString(run.network().totalBytes()));
        figures.put("raftlab.digest", run.trace().digest());
        context.publishReportEntry(figures);
        if (!run.notes().isEmpty()) {
            context.publishReportEntry(Map.of("raftlab.notes", String.join("; ", run.notes())));
        }
        System.out.printf(Locale.ROOT, "  %s %s -- %s %.1fs virtual, %.2fs wall, %d peers, %d RPCs, %d bytes, %d commits, seed %d, trace %s%s%n",
                failed ? (Boolean.getBoolean("raftlab.fixtures") ? "FAILED, as this fixture of the grader's own tests must:" : "FAILED")
                        : "Passed", test.id(), run.mode().lower(), run.now() / 1000.0, run.wallSeconds(),
                pc[0], run.network().totalCount(), run.network().totalBytes(), pc[1], run.seed(),
                run.trace().digest().substring(0, 12),
                run.notes().isEmpty() ? "" : " [" + String.join("; ", run.notes()) + "]");
    }

    /** A failed graded test, with seed, trace and reproduce command appended to the cause's message. */
    public static final class LabTestFailure extends AssertionError {
        private final boolean safety;

        LabTestFailure(String message, Throwable cause, boolean safety) {
            super(message, cause);
            this.safety = safety;
        }

        public boolean safety() {
            return safety;
        }
    }
}
