package raftlab.tools.handout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import raftlab.tester.junit.RunSettings;

/**
 * The compiled reference Raft (labs 1–3 and lab 5's part A, classes only) that the student edition
 * ships, so a student can work on lab 4 or lab 5's key/value part before their own Raft passes:
 * {@code ./raftlab test|grade lab4 --raft reference} puts it first on the class path, where it
 * shadows the student's Raft. Lab 5's compaction builds on the student's lab 3 classes, so the jar
 * must carry it too: with the reference Raft, lab 5 grades part B only.
 */
public final class ReferenceRaft {
    /** Where the jar sits in an edition, relative to its root. */
    public static final String JAR = "reference/raftlab-reference-raft.jar";
    /** The labs it replaces whole, and their modules. */
    public static final List<Integer> LABS = List.of(1, 2, 3);
    static final List<String> MODULES = List.of("lab1-election", "lab2-replication", "lab3-persistence");
    /** Lab 5's Raft part: the classes of this package (not its subpackages) in lab 5's module. */
    static final String LAB5_MODULE = "lab5-snapshots";
    static final String LAB5_RAFT_PACKAGE = "raftlab/snapshots/";
    /** A class of lab 1 the check below looks up: it must come from the jar. */
    private static final String PROBE = "raftlab.election.ElectionNode";

    private ReferenceRaft() {
    }

    /** True if {@code path} (relative to the root, with '/') is Raft source the jar replaces. */
    public static boolean isRaftSource(String path) {
        if (MODULES.stream().anyMatch(m -> path.startsWith(m + "/src/main/"))) {
            return true;
        }
        String lab5 = LAB5_MODULE + "/src/main/java/" + LAB5_RAFT_PACKAGE;
        return path.startsWith(lab5) && path.indexOf('/', lab5.length()) < 0;
    }

    /** Packs the compiled main classes of the Raft of the (instructor) tree at {@code root} into {@code jar}. */
    public static void build(Path root, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Implementation-Title", "RaftLab reference Raft (labs 1-3 and lab 5 part A, compiled; no sources)");
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String module : modulesAndLab5()) {
                Path classes = root.resolve(module).resolve("target/classes");
                if (!Files.isDirectory(classes)) {
                    throw new IOException(classes + " is missing: build the instructor tree first (mvn compile)");
                }
                boolean lab5 = module.equals(LAB5_MODULE);
                try (Stream<Path> walk = Files.walk(lab5 ? classes.resolve(LAB5_RAFT_PACKAGE) : classes, lab5 ? 1 : Integer.MAX_VALUE)) {
                    for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                        JarEntry e = new JarEntry(classes.relativize(f).toString().replace('\\', '/'));
                        e.setTime(0); // the same classes make the same jar
                        out.putNextEntry(e);
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
    }

    private static List<String> modulesAndLab5() {
        List<String> all = new java.util.ArrayList<>(MODULES);
        all.add(LAB5_MODULE);
        return all;
    }

    /**
     * Refuses a run that asked for the reference Raft but does not have it: the launcher sets
     * {@code raftlab.raft} when it put the jar first (or, in the instructor edition, when the tree's
     * own labs 1–3 are the reference), and lab 1's classes must then come from there.
     */
    public static void check(boolean wanted) {
        String set = System.getProperty(RunSettings.RAFT, "own");
        if (!wanted) {
            return;
        }
        if (set.equals("reference-tree")) {
            return; // the instructor edition: its labs 1–3 are the reference
        }
        if (!set.equals("reference")) {
            throw new IllegalArgumentException("--raft reference needs the launcher: run ./raftlab, which puts " + JAR
                    + " first on the class path");
        }
        String from = origin();
        if (!from.endsWith(Path.of(JAR).getFileName().toString())) {
            throw new IllegalArgumentException("--raft reference: lab 1's classes come from " + from + ", not from " + JAR);
        }
    }

    /** Where lab 1's classes are loaded from (a jar or a directory). */
    static String origin() {
        try {
            CodeSource src = Class.forName(PROBE, false, ReferenceRaft.class.getClassLoader()).getProtectionDomain().getCodeSource();
            return src == null ? "?" : Path.of(src.getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            return "nowhere (" + e.getMessage() + ")";
        }
    }

    /** Whether this run uses the reference Raft (for titles and reproduce commands). */
    public static boolean inUse() {
        return RunSettings.referenceRaft();
    }
}
