package raftlab.tools.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.Graded;
import raftlab.tester.junit.GradedTest;
import raftlab.tester.junit.RaftLabExtension;
import raftlab.tester.junit.RunSettings;
import raftlab.tools.report.Outcome;

/** Finds graded tests on the class path and runs them through the JUnit Platform, one seed at a time. */
public final class SuiteRunner {
    /**
     * Graded tests are Jupiter tests: the other engines on the class path (ArchUnit's) would scan every
     * class again on each seed's run for nothing (about a tenth of a lab-4 seed).
     */
    private static final EngineFilter JUPITER = EngineFilter.includeEngines("junit-jupiter");

    private final Launcher launcher = LauncherFactory.create();

    /** Graded tests of the given labs (all labs if empty), optionally only the one named {@code name}, or those of the part it names. */
    public List<GradedTest> discover(Set<Integer> labs, String name) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("raftlab"))
                .filters(TagFilter.includeTags("graded"), JUPITER)
                .build();
        TestPlan plan = launcher.discover(request);
        List<GradedTest> found = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                if (id.getSource().orElse(null) instanceof MethodSource ms) {
                    Method m = ms.getJavaMethod();
                    if (m.isAnnotationPresent(Graded.class)) {
                        GradedTest t = GradedTest.of(m);
                        if ((labs.isEmpty() || labs.contains(t.lab())) && !replacedByReferenceRaft(t)
                                && (name == null || t.name().equalsIgnoreCase(name) || t.methodName().equals(name)
                                || t.id().equalsIgnoreCase(name) || t.part().equalsIgnoreCase(name))) {
                            found.add(t);
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparing(GradedTest::lab).thenComparing(GradedTest::className)
                .thenComparing(GradedTest::methodName));
        return found;
    }

    /**
     * With the reference Raft on the class path, lab 5's part A (compaction in the student's Raft) and
     * lab 4's optional ReadIndex part (ReadIndex in the student's Raft) would grade the reference: only
     * the key/value services are the student's then.
     */
    static boolean replacedByReferenceRaft(GradedTest t) {
        boolean inRaft = t.lab() == 5 && ("A".equals(t.part()) || "Membership".equals(t.part())) || t.lab() == 4 && "ReadIndex".equals(t.part());
        return inRaft && raftlab.tools.handout.ReferenceRaft.inUse();
    }

    /**
     * Runs {@code tests} once with {@code seed} in {@code mode}. With {@code capture} the tests'
     * output is kept per test instead of printed.
     */
    public List<Outcome> run(List<GradedTest> tests, long seed, Mode mode, boolean capture) {
        System.setProperty(RunSettings.SEED, Long.toString(seed));
        System.setProperty(RunSettings.MODE, mode.lower());
        Map<String, GradedTest> byMethod = new HashMap<>();
        List<org.junit.platform.engine.DiscoverySelector> selectors = new ArrayList<>();
        for (GradedTest t : tests) {
            byMethod.put(t.className() + "#" + t.methodName(), t);
            selectors.add(selectMethod(t.javaMethod().getDeclaringClass(), t.javaMethod()));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).filters(JUPITER).build();
        Collector collector = new Collector(byMethod, seed, mode, capture);
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (capture) {
            PrintStream sink = new PrintStream(collector.sink(), true, StandardCharsets.UTF_8);
            System.setOut(sink);
            System.setErr(sink);
        }
        try {
            launcher.execute(request, collector);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return collector.outcomes;
    }

    private static final class Collector implements TestExecutionListener {
        final Map<String, GradedTest> byMethod;
        final long seed;
        final Mode mode;
        final boolean capture;
        final List<Outcome> outcomes = new ArrayList<>();
        final Map<String, Map<String, String>> figures = new HashMap<>();
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Collector(Map<String, GradedTest> byMethod, long seed, Mode mode, boolean capture) {
            this.byMethod = byMethod;
            this.seed = seed;
            this.mode = mode;
            this.capture = capture;
        }

        OutputStream sink() {
            return buffer;
        }

        private GradedTest test(TestIdentifier id) {
            if (id.getSource().orElse(null) instanceof MethodSource ms) {
                return byMethod.get(ms.getClassName() + "#" + ms.getMethodName());
            }
            return null;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (test(id) != null) {
                buffer.reset();
            }
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            figures.computeIfAbsent(id.getUniqueId(), k -> new LinkedHashMap<>()).putAll(entry.getKeyValuePairs());
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            GradedTest t = test(id);
            if (t == null) {
                return;
            }
            Throwable failure = result.getThrowable().orElse(null);
            boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
            boolean safety = failure instanceof RaftLabExtension.LabTestFailure f && f.safety();
            String message = failure == null ? "" : String.valueOf(failure.getMessage());
            String output = capture ? buffer.toString(StandardCharsets.UTF_8) : "";
            outcomes.add(new Outcome(t, seed, mode, passed, safety, message,
                    figures.getOrDefault(id.getUniqueId(), Map.of()), output));
        }
    }
}
