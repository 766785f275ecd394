package io.chorus.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the default rules live: the {@code rules/} folder of the build the launcher runs from. */
public final class RulesDirectory {
    private RulesDirectory() {
    }

    public static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        String home = System.getProperty("chorus.home");
        if (home != null) {
            return relativeToWorkingDirectory(Path.of(home, "rules"));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("rules")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir.resolve("rules");
            }
        }
        return Path.of("rules");
    }

    /** Messages read {@code rules/plays/billing.drl:12: …} when run from the repository, as analysts expect. */
    private static Path relativeToWorkingDirectory(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = dir.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
    }
}
