package io.chorus.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
    void givenHelp_whenAsked_thenTheOptionsAreListed() {
        StringWriter out = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("serve", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port").contains("--db-url").contains("--data-dir").contains("--rules");
    }
}
