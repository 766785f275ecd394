package io.chorus.simulator;

import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** What the simulator tests share: the default rules (compiled once per test run) and the moment decisions are made. */
public final class Fixtures {
    /** The seed story's "now": the known population and the generated ones are written for it. */
    public static final Instant AS_OF = Instant.parse("2026-05-20T10:00:00Z");

    private static final ConcurrentHashMap<Path, RuleSet> COMPILED = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    public static Path defaultRules() {
        return Path.of(System.getProperty("chorus.home", ".."), "rules").toAbsolutePath().normalize();
    }

    /** Compiling a rule set takes seconds: each directory is compiled once for all the tests that use it. */
    public static RuleSet rules(Path dir) {
        return COMPILED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> RuleSetLoader.load(d).orElseThrow());
    }

    public static RuleSet defaultRuleSet() {
        return rules(defaultRules());
    }

    public static Path knownPopulation() {
        return Path.of("src/test/resources/populations/known.jsonl").toAbsolutePath();
    }

    /** A copy of the default rules to change in a test. */
    public static Path copyOfDefaultRules(Path into) {
        Path source = defaultRules();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = into.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    /** Replaces exactly one occurrence of {@code from} in a rule file, so a silently missed edit fails the test. */
    public static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            int at = text.indexOf(from);
            if (at < 0 || text.indexOf(from, at + 1) >= 0) {
                throw new IllegalStateException(file + ": expected exactly one \"" + from + "\"");
            }
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first occurrence of {@code fragment}, so tests survive edits above it. */
    public static int lineOf(Path file, String fragment) {
        try {
            String text = Files.readString(file);
            return (int) text.substring(0, text.indexOf(fragment)).chars().filter(c -> c == '\n').count() + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
