package raftlab.tester.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the pages RaftLab writes or serves (the trace timeline, the dashboard): the
 * DOM after the page's scripts ran, or a screenshot. Browser tests use it; CI installs Chromium and
 * sets {@code RAFTLAB_REQUIRE_BROWSER=1} so that a missing browser fails them instead of skipping.
 */
public final class HeadlessChromium {
    /** Set to 1 where a browser test must run rather than skip (CI). */
    public static final String REQUIRE = "RAFTLAB_REQUIRE_BROWSER";

    private final String binary;
    private final Path work;

    private HeadlessChromium(String binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** Chromium on the PATH, with {@code work} for its profile and log; empty if there is none. */
    public static Optional<HeadlessChromium> find(Path work) {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate.toString(), work));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Chromium for a browser test: the test is skipped (JUnit assumption) without one, unless
     * {@link #REQUIRE} is set, when it fails.
     */
    public static HeadlessChromium forTest(Path work) {
        Optional<HeadlessChromium> found = find(work);
        if (found.isEmpty() && "1".equals(System.getenv(REQUIRE))) {
            throw new AssertionError(REQUIRE + "=1 but no chromium on the PATH (apt-get install -y chromium)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found.isPresent(),
                "no chromium on the PATH; install it (apt-get install -y chromium) to run the browser test");
        return found.get();
    }

    /** The DOM after the page ran for up to {@code budgetMillis} of Chromium's virtual time (fetches and timers complete). */
    public String dumpDom(String url, int budgetMillis) throws IOException, InterruptedException {
        Path out = work.resolve("chromium-dom.html"); // to a file, so a stuck browser cannot block a read forever
        finish(start(out, url, "--virtual-time-budget=" + budgetMillis, "--dump-dom"));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Writes a PNG of the page at {@code width} x {@code height} after it ran for {@code budgetMillis}. */
    public void screenshot(String url, Path png, int width, int height, int budgetMillis) throws IOException, InterruptedException {
        finish(start(work.resolve("chromium-screenshot.out"), url, "--virtual-time-budget=" + budgetMillis,
                "--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath()));
        if (!Files.exists(png)) {
            throw new IOException("chromium wrote no screenshot; see " + work.resolve("chromium.log"));
        }
    }

    /** Opens {@code url} in a page kept open for a test to drive ({@link BrowserPage#eval}); close it when done. */
    public BrowserPage open(String url) throws IOException, InterruptedException {
        Files.deleteIfExists(work.resolve("chromium.log"));
        Process p = start(work.resolve("chromium-page.out"), url, "--remote-debugging-port=0", "--remote-allow-origins=*");
        return BrowserPage.open(p, work.resolve("chromium.log"), url);
    }

    private Process start(Path stdout, String url, String... extra) throws IOException {
        Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        // Without the background-networking flags Chromium keeps trying to reach its update and sync hosts.
        List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(work.resolve("chromium.log").toFile()).start();
    }

    private void finish(Process p) throws IOException, InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium failed (exit " + p.exitValue() + "): " + Files.readString(work.resolve("chromium.log")));
        }
    }
}
