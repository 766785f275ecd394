package io.chorus.cli;

import io.chorus.api.ChorusServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the decision service (docs/api.md).",
                "With no database configured it starts an embedded PostgreSQL in the data directory and loads the"
                        + " demo customers from rules/customers; CHORUS_DB_URL or --db-url points at a server instead."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080).")
    Integer port;

    @Option(names = "--db-url", paramLabel = "URL",
            description = "PostgreSQL: jdbc:postgresql://HOST:PORT/DB?user=U&password=P or postgresql://U:P@HOST/DB."
                    + " Default: CHORUS_DB_URL, else the embedded database.")
    String databaseUrl;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Local state: the generated API key and the embedded database (default <checkout>/.chorus).")
    Path dataDirectory;

    @Option(names = "--embedded-port", paramLabel = "N",
            description = "Port of the embedded PostgreSQL (default CHORUS_EMBEDDED_PORT, else a free one)."
                    + " Its password is in <data-dir>/postgres.password.")
    Integer embeddedPort;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rule directory, watched for changes; default the build's rules/ folder.")
    Path rules;

    @Override
    public Integer call() throws InterruptedException {
        // JSON lines with the decisionId (CHORUS_LOG_FORMAT=text for a person); -Dchorus.log.decisions=warn on
        // CHORUS_JAVA_OPTS silences the line per decision under load.
        ServiceLogging.use();
        Path rulesDirectory = RulesDirectory.orDefault(rules).toAbsolutePath().normalize();
        String home = System.getProperty("chorus.home");
        Path checkout = home != null ? Path.of(home) : rulesDirectory.toAbsolutePath().getParent();
        ChorusServer server;
        try {
            server = ChorusServer.start(new ChorusServer.Options(port, databaseUrl, dataDirectory, rulesDirectory,
                    checkout, embeddedPort));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserError("chorus serve: " + e.getMessage());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "chorus-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("chorus: serving on " + server.url() + " (rules " + rulesDirectory + ", "
                + (server.embeddedDatabase() ? "embedded PostgreSQL" : "PostgreSQL at the configured URL") + ")");
        out.println("chorus: probes " + server.url() + "/health/liveness and /health/readiness, metrics /prometheus,"
                + " API description /openapi.yml");
        out.flush();
        server.awaitStop();
        return ExitCodes.OK;
    }
}
