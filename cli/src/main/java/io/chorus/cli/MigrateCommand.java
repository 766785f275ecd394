package io.chorus.cli;

import io.chorus.api.storage.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Bring the database schema up to date (Flyway) and exit.",
                "chorus serve does the same at start; this runs it as a step of its own, for a Kubernetes init"
                        + " container or Job, or before an upgrade."})
public final class MigrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "PostgreSQL: jdbc:postgresql://HOST:PORT/DB?user=U&password=P or postgresql://U:P@HOST/DB."
                    + " Default: CHORUS_DB_URL.")
    String databaseUrl;

    @Override
    public Integer call() {
        String url = databaseUrl != null ? databaseUrl : System.getenv("CHORUS_DB_URL");
        if (url == null || url.isBlank()) {
            throw new UserError("chorus migrate: which database? Set CHORUS_DB_URL or pass --db-url.");
        }
        SchemaMigrations.Outcome outcome;
        try {
            outcome = SchemaMigrations.migrate(url);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserError("chorus migrate: " + e.getMessage());
        }
        spec.commandLine().getOut().println("chorus: schema at version " + outcome.version() + " ("
                + outcome.applied() + " migration(s) applied)");
        return ExitCodes.OK;
    }
}
