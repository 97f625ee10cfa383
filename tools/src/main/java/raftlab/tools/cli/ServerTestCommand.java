package raftlab.tools.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code raftlab server-test}: the real server's own tests (node processes, HTTP, disk, the dashboard)
 * on the student's labs, or with {@code --raft reference} on the reference Raft — the way to run them
 * before labs 1–3 are done, since Maven's class path has only the student's Raft.
 */
@Command(name = "server-test", mixinStandardHelpOptions = true,
        description = {"Run the real server's own tests (not graded): processes, HTTP, disk, the dashboard.",
            "They run your lab 4 and lab 5 code; with --raft reference, on the reference Raft."})
public final class ServerTestCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "CLASS", description = "one test class, e.g. ProcessClusterTest (default: all of them)")
    String test;

    @Option(names = "--raft", defaultValue = "own", paramLabel = "own|reference",
            description = "run on your own Raft (own, default) or on the compiled reference Raft (reference)")
    String raft;

    @Override
    public Integer call() {
        Labs.withRaft(Set.of(), raft);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("raftlab.server"));
        if (test != null) {
            if (!test.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("give a test class's simple name, e.g. ProcessClusterTest, not '" + test + "'");
            }
            request.filters(ClassNameFilter.includeClassNamePatterns(".*\\." + test));
        }
        LauncherDiscoveryRequest discovery = request.build();
        Launcher launcher = LauncherFactory.create();
        Printer printer = new Printer();
        launcher.execute(discovery, printer);
        if (printer.run == 0) {
            System.err.println("no server test " + (test == null ? "" : "named " + test) + " found on the class path");
            return 2;
        }
        for (String f : printer.failures) {
            System.out.println("\n" + f);
        }
        System.out.println("\n" + (printer.run - printer.failures.size() - printer.skipped) + " passed, " + printer.failures.size()
                + " failed, " + printer.skipped + " skipped");
        return printer.failures.isEmpty() ? 0 : 1;
    }

    /** One line per test as it finishes, and each failure's message kept for the end. */
    private static final class Printer implements TestExecutionListener {
        final List<String> failures = new ArrayList<>();
        int run;
        int skipped;

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                run++;
                skipped++;
                System.out.println("  skipped " + id.getLegacyReportingName() + ": " + reason);
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
                return;
            }
            run++;
            String name = id.getUniqueIdObject().getSegments().stream().filter(s -> s.getType().equals("class"))
                    .map(s -> s.getValue().substring(s.getValue().lastIndexOf('.') + 1)).findFirst().orElse("")
                    + "." + id.getLegacyReportingName();
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                System.out.println("  Passed " + name);
            } else {
                String why = result.getThrowable().map(Throwable::toString).orElse(result.getStatus().toString());
                System.out.println("  FAILED " + name);
                failures.add(name + " FAILED:\n  " + why.replace("\n", "\n  "));
            }
        }
    }
}
