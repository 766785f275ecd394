package io.chorus.api.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A rule set's files by path relative to its root, read from a folder or written to one. The engine compiles
 * and tests folders, so a stored version is written to a private folder to be loaded.
 */
final class RuleSetFiles {
    private RuleSetFiles() {
    }

    static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A fresh folder holding exactly {@code files}; the caller deletes it with {@link #delete}. */
    static Path write(Map<String, byte[]> files) {
        try {
            Path root = Files.createTempDirectory("chorus-rule-set-");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = root.resolve(file.getKey()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalArgumentException("a rule-set path must stay inside the rule set: " + file.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless; the next start's temp cleaner takes it.
        }
    }
}
