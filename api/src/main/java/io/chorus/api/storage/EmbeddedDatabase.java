package io.chorus.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded default: a real PostgreSQL (zonky's binaries) in the local data directory, which survives
 * restarts. Durable like a server: fsync, synchronous commit and full-page writes on (zonky turns them off).
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    /** A free port on the loopback interface, for a database started later with {@link #start(Path, int)}. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded PostgreSQL", e);
        }
    }

    /** The URL of the database {@link #start(Path, int)} serves on {@code port}, known before it is up. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    public static EmbeddedDatabase start(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setPort(port)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
            LOG.info("Embedded PostgreSQL in {} on port {}", directory, postgres.getPort());
            return new EmbeddedDatabase(postgres, directory);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL in " + directory + ": "
                    + e.getMessage() + ". As root it runs through a user namespace (unshare -U); where that is "
                    + "not allowed, point Chorus at a PostgreSQL server instead: CHORUS_DB_URL="
                    + "jdbc:postgresql://HOST:5432/DB?user=USER&password=PASSWORD (or --db-url).", e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
