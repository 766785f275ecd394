package io.chorus.cli;

import io.chorus.api.storage.EmbeddedDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @Test
    void givenADatabaseUrlThatIsNotPostgres_whenServing_thenItSaysSoAndExitsWithOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("serve", "--db-url", "mysql://db.example.com/chorus", "--port", "0");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("not a PostgreSQL URL").contains("jdbc:postgresql://");
    }

    @Test
    void givenNoDatabase_whenMigrating_thenItAsksWhichAndExitsWithOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("migrate", "--db-url", " ");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("CHORUS_DB_URL").contains("--db-url");
    }

    @Test
    void givenTheEmbeddedDatabasePortIsTaken_whenServing_thenOneLineNamesThePortAndExitsWithOne(@TempDir Path data)
            throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setErr(new PrintWriter(err));

        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = other.getLocalPort();
            int exit = cli.execute("serve", "--data-dir", data.toString(), "--embedded-port", Integer.toString(port),
                    "--port", "0");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("chorus serve: port " + port + " is in use by another"
                    + " program; set CHORUS_EMBEDDED_PORT (or --embedded-port) to a free port, or leave it unset to"
                    + " have one chosen, or set CHORUS_DB_URL to use a PostgreSQL server instead");
        }
    }

    @Test
    void givenTheDataDirectoryIsInUse_whenServing_thenOneLineNamesItAndTheProcessAndExitsWithOne(@TempDir Path data) {
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setErr(new PrintWriter(err));

        try (EmbeddedDatabase other = EmbeddedDatabase.open(data.resolve("postgres"), EmbeddedDatabase.freePort())) {
            int exit = cli.execute("serve", "--data-dir", data.toString(), "--port", "0");

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip()).isEqualTo("chorus serve: data directory " + other.directory()
                    + " is already in use by another chorus serve (pid " + ProcessHandle.current().pid()
                    + ", this process); stop that one first, or give this one its own --data-dir");
        }
    }

    @Test
    void givenHelp_whenAsked_thenTheOptionsAreListed() {
        StringWriter out = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("serve", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port").contains("--db-url").contains("--data-dir").contains("--rules")
                .contains("--embedded-port");
    }
}
