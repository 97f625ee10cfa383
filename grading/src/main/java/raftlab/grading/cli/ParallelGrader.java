package raftlab.grading.cli;

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
import raftlab.grading.harness.Mode;
import raftlab.grading.junit.GradedTest;

/**
 * Runs simulated seeds in several worker processes at once ({@code raftlab grade --parallel P}).
 * Each worker is this JVM's command line again ({@link Worker}): it runs every chosen test for one
 * seed at a time and reports each outcome on a line; the parent hands the next seed to whichever
 * worker finishes first. Processes, not threads: a run owns global state (system properties,
 * System.out capture), and one student bug that hangs or exits its JVM takes only its worker down.
 */
final class ParallelGrader {
    private final List<String> labs;
    private final Map<String, GradedTest> tests;
    private final int workers;

    ParallelGrader(List<String> labs, Map<String, GradedTest> tests, int workers) {
        this.labs = labs;
        this.tests = tests;
        this.workers = workers;
    }

    /** Seeds not yet handed to a worker. */
    private final Deque<Long> queue = new ArrayDeque<>();

    /** Hands out no more seeds; the workers finish the ones they are running. */
    void stop() {
        synchronized (queue) {
            queue.clear();
        }
    }

    /** Runs {@code seeds}; {@code done} hears each seed's outcomes as it completes (from worker threads, one at a time). */
    List<Outcome> run(List<Long> seeds, BiConsumer<Long, List<Outcome>> done) throws IOException, InterruptedException {
        synchronized (queue) {
            queue.addAll(seeds);
        }
        List<Outcome> all = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, seeds.size()); w++) {
            Process p = start();
            Thread reader = new Thread(() -> serve(p, queue, all, done, problems), "grade-worker-" + w);
            reader.start();
            readers.add(reader);
        }
        for (Thread t : readers) {
            t.join();
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
        all.sort(java.util.Comparator.comparingLong(Outcome::seed)); // as a sequential run lists them
        return all;
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
        cmd.addAll(labs);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private void serve(Process p, Deque<Long> queue, List<Outcome> all, BiConsumer<Long, List<Outcome>> done,
                       List<String> problems) {
        Long current = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer to = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            current = next(queue, to);
            List<Outcome> seedOutcomes = new ArrayList<>();
            String line;
            while (current != null && (line = in.readLine()) != null) {
                if (line.startsWith(OutcomeLines.OUTCOME)) {
                    seedOutcomes.add(OutcomeLines.decode(line, tests));
                } else if (line.startsWith(OutcomeLines.DONE)) {
                    synchronized (all) {
                        all.addAll(seedOutcomes);
                        done.accept(current, List.copyOf(seedOutcomes));
                    }
                    seedOutcomes.clear();
                    current = next(queue, to);
                }
            }
            to.close();
            int exit = p.waitFor();
            if (current != null || exit != 0) {
                synchronized (all) {
                    problems.add("a grading worker " + (current != null ? "died while running seed " + current : "failed")
                            + " (exit code " + exit + "); run that seed alone with --parallel 1 to see why");
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            synchronized (all) {
                problems.add("a grading worker failed" + (current == null ? "" : " on seed " + current) + ": " + e);
            }
        }
    }

    /** Hands the worker the next seed, or tells it to finish; returns the seed, or null. */
    private static Long next(Deque<Long> queue, Writer to) throws IOException {
        Long seed;
        synchronized (queue) {
            seed = queue.pollFirst();
        }
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

        @Override
        public Integer call() throws IOException {
            Set<Integer> labSet = Labs.parseAll(labs);
            SuiteRunner runner = new SuiteRunner();
            List<GradedTest> chosen = runner.discover(labSet, null);
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
