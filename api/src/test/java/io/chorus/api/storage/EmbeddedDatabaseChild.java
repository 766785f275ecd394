package io.chorus.api.storage;

import java.nio.file.Path;

/**
 * Runs an embedded database in a process of its own, for {@link EmbeddedDatabaseTest} to kill: prints
 * {@code READY} once it serves, then waits to be killed.
 */
public final class EmbeddedDatabaseChild {
    private EmbeddedDatabaseChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedDatabase database = EmbeddedDatabase.start(Path.of(args[0]), Integer.parseInt(args[1]));
        System.out.println("READY " + database.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
