package io.chorus.api.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL of {@code chorus serve}: only its password lets anyone in, it starts again after the
 * service was killed, and a clash over the port or the data directory is told as it is.
 */
class EmbeddedDatabaseTest {
    @TempDir
    Path data;

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
    }

    @Test
    void givenANewDataDirectory_whenStarted_thenOnlyThePasswordInAnOwnerOnlyFileLetsIn() throws Exception {
        Path cluster = data.resolve("postgres");
        EmbeddedDatabase database = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));

        Path passwordFile = data.resolve("postgres.password");
        assertThat(database.passwordFile()).isEqualTo(passwordFile);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(database.jdbcUrl()).contains("password=" + password);
        assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).doesNotContainPattern("(?m)^[^#]*\\btrust\\b");

        assertRefusedWithout(database.port(), null);
        assertRefusedWithout(database.port(), "not-" + password);
        assertThat(selectOne(database.jdbcUrl())).isEqualTo(1);
    }

    @Test
    void givenADataDirectoryOfAnOlderVersionThatTrustedEveryone_whenStarted_thenItGetsAPasswordAndKeepsItsData()
            throws Exception {
        Path cluster = data.resolve("postgres");
        // What earlier versions made: zonky's initdb -A trust, no password.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false)
                .start();
             Connection connection = old.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create table kept (id int)");
            statement.execute("insert into kept values (42)");
        }
        assertThat(Files.readString(cluster.resolve("pg_hba.conf"))).containsPattern("(?m)^host.*trust");

        EmbeddedDatabase database = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(database.passwordFile())))
                .isEqualTo("rw-------");
        assertRefusedWithout(database.port(), null);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select id from kept")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(42);
        }
        database.close();

        // The next start reads the same password.
        EmbeddedDatabase again = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));
        assertThat(selectOne(again.jdbcUrl())).isEqualTo(1);
    }

    @Test
    void givenTheServiceWasKilled_whenStartedAgain_thenThePostgresItLeftRunningIsStoppedAndItServes()
            throws Exception {
        Path cluster = data.resolve("postgres");
        Process child = startChild(cluster, EmbeddedDatabase.freePort());

        // While the other process lives, it has the data directory.
        assertThatThrownBy(() -> EmbeddedDatabase.open(cluster, EmbeddedDatabase.freePort()))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessage("data directory " + cluster + " is already in use by another chorus serve (pid "
                        + child.pid() + "); stop that one first, or give this one its own --data-dir");

        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9: no shutdown hook runs
        long orphan = postmasterPid(cluster);
        assertThat(ProcessHandle.of(orphan)).as("PostgreSQL outlives the killed JVM").isPresent();

        EmbeddedDatabase database = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));

        assertThat(selectOne(database.jdbcUrl())).isEqualTo(1);
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(postmasterPid(cluster)).isNotEqualTo(orphan);
    }

    @Test
    void givenTheServiceAndPostgresWereKilledAndThePidReused_whenStartedAgain_thenTheStalePidFileIsRemoved()
            throws Exception {
        Path cluster = data.resolve("postgres");
        Process child = startChild(cluster, EmbeddedDatabase.freePort());
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid(cluster)).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        for (ProcessHandle process : children) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
        // After a reboot or in a container, the number in postmaster.pid is soon another program's: here, ours.
        Path pidFile = cluster.resolve("postmaster.pid");
        List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
        lines.set(0, Long.toString(ProcessHandle.current().pid()));
        Files.write(pidFile, lines);

        EmbeddedDatabase database = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));

        assertThat(selectOne(database.jdbcUrl())).isEqualTo(1);
        assertThat(postmasterPid(cluster)).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void givenThePortIsTakenByAnotherProgram_whenStarted_thenTheMessageNamesThePortAndTheSetting() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();

            assertThatThrownBy(() -> EmbeddedDatabase.start(data.resolve("postgres"), port))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageStartingWith("port " + port + " is in use by another program; set CHORUS_EMBEDDED_PORT")
                    .hasMessageNotContaining("namespace");
        }
        // Nothing was left locked: with the port free, the same directory starts.
        EmbeddedDatabase database = track(EmbeddedDatabase.start(data.resolve("postgres"), EmbeddedDatabase.freePort()));
        assertThat(selectOne(database.jdbcUrl())).isEqualTo(1);
    }

    @Test
    void givenTheDataDirectoryIsInUse_whenStartedAgain_thenTheMessageNamesItAndTheProcess() {
        Path cluster = data.resolve("postgres");
        EmbeddedDatabase first = track(EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()));

        assertThatThrownBy(() -> EmbeddedDatabase.start(cluster, EmbeddedDatabase.freePort()))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessageStartingWith("data directory " + cluster + " is already in use by another chorus serve (pid "
                        + ProcessHandle.current().pid());
        assertThat(selectOne(first.jdbcUrl())).as("the first one still serves").isEqualTo(1);
    }

    private EmbeddedDatabase track(EmbeddedDatabase database) {
        cleanUp.add(database);
        return database;
    }

    /** An embedded database in a JVM of its own; the child is killed after the test if it still runs. */
    private Process startChild(Path cluster, int port) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), cluster.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        cleanUp.add(() -> child.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
            lines.add("<end of output>");
        }, "embedded-child-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("READY")) {
                return child;
            }
            if (line.equals("<end of output>")) {
                break;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child process did not start its database:\n" + seen);
    }

    private static long postmasterPid(Path cluster) throws IOException {
        return Long.parseLong(Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).strip());
    }

    private static void assertRefusedWithout(int port, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        for (String host : List.of("localhost", "127.0.0.1")) {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                    properties).close())
                    .as("a connection to %s with password %s", host, password)
                    .isInstanceOf(SQLException.class)
                    // 28P01: the server refused the password; 08004: it asked for one and the driver had none.
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                            .isIn(password == null ? List.of("08004", "28P01", "28000") : List.of("28P01")));
        }
    }

    private static int selectOne(String url) {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select 1")) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError("cannot connect to " + DatabaseUrl.redacted(url), e);
        }
    }
}
