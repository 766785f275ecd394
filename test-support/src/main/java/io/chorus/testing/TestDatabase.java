package io.chorus.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL the tests run on, chosen once per test run: the server {@code CHORUS_TEST_DB_URL} names
 * (CI: the one on 127.0.0.1:5432), else Testcontainers where a Docker engine answers, else an embedded
 * PostgreSQL. Never skipped: if none of them starts, the tests fail and say why. Each test class gets a fresh
 * database on it, dropped at the end of the run.
 */
public final class TestDatabase {
    private static TestDatabase instance;

    private final String serverUrl;
    private final String description;

    private TestDatabase(String serverUrl, String description) {
        this.serverUrl = serverUrl;
        this.description = description;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = choose();
            System.out.println("[chorus tests] PostgreSQL: " + instance.description);
        }
        return instance;
    }

    private static TestDatabase choose() {
        String named = System.getenv("CHORUS_TEST_DB_URL");
        if (named != null && !named.isBlank()) {
            return new TestDatabase(named, "the server CHORUS_TEST_DB_URL names (" + hostOf(named) + ")");
        }
        if (dockerAnswers()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new TestDatabase(container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=" + container.getUsername() + "&password=" + container.getPassword(),
                    "Testcontainers " + container.getDockerImageName());
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(Files.createTempDirectory("chorus-test-pg"))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // The run is over; a stray server dies with the container.
                }
            }));
            return new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"),
                    "embedded (zonky) on port " + postgres.getPort() + ": no CHORUS_TEST_DB_URL and no Docker");
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL for the tests: set CHORUS_TEST_DB_URL, start Docker, or "
                    + "allow the embedded PostgreSQL to run", e);
        }
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A fresh, empty database on the server; its JDBC URL. */
    public String newDatabase() {
        String name = "chorus_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        execute("create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute("drop database if exists " + name + " with (force)");
            } catch (RuntimeException e) {
                // Best effort: a leftover test database does no harm.
            }
        }));
        return withDatabase(serverUrl, name);
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + hostOf(serverUrl) + ": " + e.getMessage(), e);
        }
    }

    /** The same URL with another database name (the path after host:port). */
    public static String withDatabase(String jdbcUrl, String database) {
        int hostStart = jdbcUrl.indexOf("//") + 2;
        int pathStart = jdbcUrl.indexOf('/', hostStart);
        int queryStart = jdbcUrl.indexOf('?');
        String query = queryStart < 0 ? "" : jdbcUrl.substring(queryStart);
        String hostPart = jdbcUrl.substring(0, pathStart < 0 ? (queryStart < 0 ? jdbcUrl.length() : queryStart) : pathStart);
        return hostPart + "/" + database + query;
    }

    /** host:port of a JDBC URL. */
    public static String hostOf(String jdbcUrl) {
        int hostStart = jdbcUrl.indexOf("//") + 2;
        int end = hostStart;
        while (end < jdbcUrl.length() && jdbcUrl.charAt(end) != '/' && jdbcUrl.charAt(end) != '?') {
            end++;
        }
        return jdbcUrl.substring(hostStart, end);
    }
}
