package io.chorus.simulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default rule directory: the {@code rules/} folder of the build the launcher runs from. The same lookup as
 * the cli module's RulesDirectory, which this module cannot see (cli depends on the simulator, not the reverse).
 */
final class DefaultRules {
    private DefaultRules() {
    }

    static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        String home = System.getProperty("chorus.home");
        if (home != null) {
            return Path.of(home, "rules");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("rules")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir.resolve("rules");
            }
        }
        return Path.of("rules");
    }
}
