package io.chorus.engine;

import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** The real things tests stand on: the analysts' rule set and sample customers in {@code rules/}. */
public final class Fixtures {
    public static final Path RULES = Path.of("..", "rules").toAbsolutePath().normalize();
    /** The seed story's helpline call: after the April bill, the May credit and the social-media complaint. */
    public static final Instant AFTER_MAY_COMPLAINTS = Instant.parse("2026-05-20T10:00:00Z");

    private static RuleSet defaultRules;

    private Fixtures() {
    }

    public static synchronized RuleSet defaultRules() {
        if (defaultRules == null) {
            defaultRules = RuleSetLoader.load(RULES).orElseThrow();
        }
        return defaultRules;
    }

    public static CustomerContext customer(String file) {
        return ContextJson.parse(read(RULES.resolve("customers").resolve(file)));
    }

    public static CustomerContext samRivers() {
        return customer("sam-rivers.json");
    }

    /** A private copy of the default rules that a test may break without touching the real ones. */
    public static void copyDefaultRules(Path dir) {
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = dir.resolve(RULES.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
