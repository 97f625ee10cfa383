package raftlab.tools.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import raftlab.tester.harness.Mode;
import raftlab.tester.junit.GradedTest;
import raftlab.tools.report.Outcome;

/**
 * Runs simulated seeds in several worker processes at once ({@code raftlab grade --parallel P}).
 * Each worker is this JVM's command line again ({@link Worker}): it runs every chosen test for one
 * seed at a time and reports each outcome on a line; the parent hands the next seed to whichever
 * worker finishes first. Processes, not threads: a run owns global state (system properties,
 * System.out capture), and one student bug that hangs or exits its JVM takes only its worker down.
 */
final class ParallelGrader {
    private final List<String> labs;
    private final String test;
    private final Map<String, GradedTest> tests;
    private final int workers;

    /** @param test the one graded test to run (null: every test of {@code labs}) */
    ParallelGrader(List<String> labs, String test, Map<String, GradedTest> tests, int workers) {
        this.labs = labs;
        this.test = test;
        this.tests = tests;
        this.workers = workers;
    }

    /** A worker that spends this long on one seed is taken to hang (one seed of every lab takes seconds). */
    static final long SEED_TIMEOUT_MINUTES = 20;

    /** Seeds not yet handed to a worker. */
    private final Deque<Long> queue = new ArrayDeque<>();
    /** The seed the calling slot is running (for the failure it reports when its worker breaks). */
    private final ThreadLocal<Long> current = new ThreadLocal<>();

    /** Hands out no more seeds; the workers finish the ones they are running. */
    void stop() {
        synchronized (queue) {
            queue.clear();
        }
    }

    /**
     * Runs {@code seeds}; {@code done} hears each seed's outcomes as it completes (from worker threads,
     * one at a time). A seed whose worker dies or hangs past {@link #SEED_TIMEOUT_MINUTES} is recorded
     * as a failure of every test, and a fresh worker takes the remaining seeds.
     */
    List<Outcome> run(List<Long> seeds, BiConsumer<Long, List<Outcome>> done) throws InterruptedException {
        synchronized (queue) {
            queue.addAll(seeds);
        }
        List<Outcome> all = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, seeds.size()); w++) {
            Thread reader = new Thread(() -> serveUntilEmpty(all, done), "grade-worker-" + w);
            reader.start();
            readers.add(reader);
        }
        for (Thread t : readers) {
            t.join();
        }
        all.sort(java.util.Comparator.comparingLong(Outcome::seed)); // as a sequential run lists them
        return all;
    }

    /** One worker slot: a worker process at a time, replaced whenever one dies, until no seed is left. */
    private void serveUntilEmpty(List<Outcome> all, BiConsumer<Long, List<Outcome>> done) {
        while (true) {
            synchronized (queue) {
                if (queue.isEmpty()) {
                    return;
                }
            }
            Long lost;
            String why;
            Process p = null;
            try {
                p = start();
                lost = serve(p, all, done);
                why = lost == null ? null : "its grading worker exited (code " + p.waitFor() + ") or hung for "
                        + SEED_TIMEOUT_MINUTES + " minutes while running it";
            } catch (IOException | InterruptedException | RuntimeException e) {
                lost = current.get();
                why = "its grading worker failed: " + e;
            } finally {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
            if (lost != null) {
                failSeed(lost, why + " — a test exited the JVM, crashed it, or hung; replay it with --parallel 1"
                        + " --first-seed " + lost + " --seeds 1", all, done);
            }
        }
    }

    /** Every test of a seed whose worker broke fails, with the reason: the report still gets written. */
    private void failSeed(long seed, String why, List<Outcome> all, BiConsumer<Long, List<Outcome>> done) {
        List<Outcome> failed = new ArrayList<>();
        for (GradedTest t : tests.values()) {
            failed.add(new Outcome(t, seed, Mode.SIM, false, false, "seed " + seed + " did not finish: " + why, Map.of(), ""));
        }
        failed.sort(java.util.Comparator.comparing(o -> o.test().id()));
        synchronized (all) {
            all.addAll(failed);
            done.accept(seed, List.copyOf(failed));
        }
    }

    private Process start() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("raftlab.")
                        && !k.equals("raftlab.seed") && !k.equals("raftlab.mode"))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add(RaftLabCli.class.getName());
        cmd.add("grade-worker");
        if (test != null) {
            cmd.add("--test=" + test);
        }
        cmd.addAll(labs);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Feeds one worker seeds until none is left; returns null when it finished them all, or the seed
     * it was running when it exited or hung (a watchdog kills a worker stuck on one seed).
     */
    private Long serve(Process p, List<Outcome> all, BiConsumer<Long, List<Outcome>> done) throws IOException {
        java.util.concurrent.ScheduledExecutorService watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer to = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            Long seed = next(to);
            java.util.concurrent.ScheduledFuture<?> timer = watchdog.schedule(p::destroyForcibly, SEED_TIMEOUT_MINUTES,
                    java.util.concurrent.TimeUnit.MINUTES);
            List<Outcome> seedOutcomes = new ArrayList<>();
            String line;
            while (seed != null && (line = in.readLine()) != null) {
                if (line.startsWith(OutcomeLines.OUTCOME)) {
                    seedOutcomes.add(OutcomeLines.decode(line, tests));
                } else if (line.startsWith(OutcomeLines.DONE)) {
                    timer.cancel(false);
                    synchronized (all) {
                        all.addAll(seedOutcomes);
                        done.accept(seed, List.copyOf(seedOutcomes));
                    }
                    seedOutcomes.clear();
                    seed = next(to);
                    timer = watchdog.schedule(p::destroyForcibly, SEED_TIMEOUT_MINUTES, java.util.concurrent.TimeUnit.MINUTES);
                }
            }
            timer.cancel(false);
            return seed;
        } finally {
            watchdog.shutdownNow();
        }
    }

    /** Hands the worker the next seed, or tells it to finish; returns the seed, or null. */
    private Long next(Writer to) throws IOException {
        Long seed;
        synchronized (queue) {
            seed = queue.pollFirst();
        }
        current.set(seed);
        if (seed == null) {
            to.close();
            return null;
        }
        to.write("seed " + seed + "\n");
        to.flush();
        return seed;
    }

    /** {@code raftlab grade-worker LAB...}: the worker side; reads "seed N" lines, prints outcome lines. */
    @Command(name = "grade-worker", hidden = true, description = "Internal: one worker process of `grade --parallel`.")
    static final class Worker implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "LAB")
        List<String> labs = new ArrayList<>();

        @picocli.CommandLine.Option(names = "--test")
        String test;

        @Override
        public Integer call() throws IOException {
            Set<Integer> labSet = Labs.parseAll(labs);
            SuiteRunner runner = new SuiteRunner();
            List<GradedTest> chosen = runner.discover(labSet, test);
            PrintStream out = System.out;
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("seed ")) {
                    continue;
                }
                long seed = Long.parseLong(line.substring(5).trim());
                for (Outcome o : runner.run(chosen, seed, Mode.SIM, true)) {
                    out.println(OutcomeLines.encode(o));
                }
                out.println(OutcomeLines.DONE + seed);
                out.flush();
            }
            return 0;
        }
    }
}
