package io.chorus.engine.rules;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Chorus checkout the tools run from, and the analysts' {@code rules/} folder in it: the default rule set of
 * {@code chorus decide}, {@code rules}, {@code simulate} and {@code serve}, found the same way by all of them.
 */
public final class Checkout {
    private Checkout() {
    }

    /** {@code -Dchorus.home} (the launcher sets it), else the nearest folder holding {@code rules/} and a pom, else here. */
    public static Path home() {
        String home = System.getProperty("chorus.home");
        if (home != null) {
            return Path.of(home);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("rules")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    public static Path rulesDirectory() {
        return home().resolve("rules");
    }
}
