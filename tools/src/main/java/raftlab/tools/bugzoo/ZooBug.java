package raftlab.tools.bugzoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * One known student bug: a patch against the reference solution ({@code bugzoo/<lab>/<name>.patch}),
 * whose first line ({@code # ...}) says what the bug is, and the modules its files belong to.
 */
public record ZooBug(String lab, String name, Path patch, String description, List<String> modules) {

    public String id() {
        return lab + "/" + name;
    }

    public static ZooBug read(Path patch) throws IOException {
        List<String> lines = Files.readAllLines(patch, StandardCharsets.UTF_8);
        String description = lines.isEmpty() || !lines.get(0).startsWith("#") ? "" : lines.get(0).substring(1).trim();
        TreeSet<String> modules = new TreeSet<>(); // lab1-… < lab2-… < …: the order they must compile in
        for (String line : lines) {
            if (line.startsWith("+++ b/")) {
                String path = line.substring("+++ b/".length()).trim();
                int slash = path.indexOf('/');
                if (slash < 0 || !path.substring(slash).startsWith("/src/main/java/")) {
                    throw new IllegalArgumentException(patch + ": patches may change only labs' src/main/java, not " + path);
                }
                modules.add(path.substring(0, slash));
            }
        }
        if (modules.isEmpty()) {
            throw new IllegalArgumentException(patch + " changes no file (no '+++ b/' line)");
        }
        String file = patch.getFileName().toString();
        return new ZooBug(patch.getParent().getFileName().toString(), file.substring(0, file.length() - ".patch".length()),
                patch, description, List.copyOf(modules));
    }
}
