package io.chorus.cli;

import io.chorus.engine.rules.Checkout;

import java.nio.file.Path;

/** The rule directory a command was given, else the checkout's {@code rules/} folder. */
public final class RulesDirectory {
    private RulesDirectory() {
    }

    public static Path orDefault(Path given) {
        return given != null ? given : relativeToWorkingDirectory(Checkout.rulesDirectory());
    }

    /** Messages read {@code rules/plays/billing.drl:12: …} when run from the repository, as analysts expect. */
    private static Path relativeToWorkingDirectory(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = dir.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
    }
}
