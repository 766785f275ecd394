package io.chorus.api;

import io.chorus.api.problems.StoreFailures;
import io.chorus.api.storage.DatabaseUrl;
import io.chorus.api.storage.EmbeddedDatabase;
import io.chorus.api.storage.EmbeddedDatabaseException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the decision service: on the PostgreSQL a URL names (production), or on an embedded one in the local
 * data directory, loaded with the demo customers (a newcomer's first run).
 */
public final class ChorusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChorusServer.class);
    private final ApplicationContext context;
    private final EmbeddedDatabase embedded;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ChorusServer(ApplicationContext context, EmbeddedDatabase embedded) {
        this.context = context;
        this.embedded = embedded;
    }

    /**
     * What {@code chorus serve} was asked for; null means the default. {@code embeddedPort} is the embedded
     * PostgreSQL's port (default {@code CHORUS_EMBEDDED_PORT}, else a free one); ignored with a database URL.
     */
    public record Options(Integer port, String databaseUrl, Path dataDirectory, Path rulesDirectory, Path home,
                          Integer embeddedPort) {
        public Options(Integer port, String databaseUrl, Path dataDirectory, Path rulesDirectory, Path home) {
            this(port, databaseUrl, dataDirectory, rulesDirectory, home, null);
        }
    }

    public static ChorusServer start(Options options) {
        Map<String, Object> properties = new HashMap<>();
        Path home = options.home() != null ? options.home() : Path.of("").toAbsolutePath();
        Path data = options.dataDirectory() != null ? options.dataDirectory() : home.resolve(".chorus");
        properties.put("chorus.home", home.toString());
        properties.put("chorus.data-dir", data.toString());
        if (options.rulesDirectory() != null) {
            properties.put("chorus.rules.dir", options.rulesDirectory().toString());
        }
        if (options.port() != null) {
            properties.put("micronaut.server.port", options.port());
        }
        String url = options.databaseUrl() != null ? options.databaseUrl() : System.getenv("CHORUS_DB_URL");
        CompletableFuture<EmbeddedDatabase> starting = null;
        EmbeddedDatabase opened = null;
        if (url == null || url.isBlank()) {
            // The embedded database starts on its own thread while Micronaut loads its bean definitions, which
            // takes about as long. Opening it first (lock, port, password) fails fast with a message and gives the
            // URL, so the service can be configured meanwhile.
            int port = embeddedPort(options);
            opened = EmbeddedDatabase.open(data.resolve("postgres"), port);
            EmbeddedDatabase database = opened;
            starting = CompletableFuture.supplyAsync(database::startPostgres);
            url = database.jdbcUrl();
            Path rules = options.rulesDirectory() != null ? options.rulesDirectory() : home.resolve("rules");
            properties.put("chorus.demo-customers-dir", rules.resolve("customers").toString());
        }
        properties.put("datasources.default.url", DatabaseUrl.toJdbc(url));
        EmbeddedDatabase embedded = null;
        ApplicationContext context = null;
        try {
            // Not Micronaut.run: its own shutdown hook would race ours, which must stop the database last.
            context = ApplicationContext.builder().deduceEnvironment(false).properties(properties).build();
            embedded = started(starting);
            context.start();
            context.getBean(EmbeddedServer.class).start();
            return new ChorusServer(context, embedded);
        } catch (RuntimeException e) {
            if (context != null && context.isRunning()) {
                try {
                    context.close(); // the store's pool and the rule watcher, started before the HTTP server failed
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            if (starting != null) {
                startedOrNull(starting); // not closed under a start still running
                opened.close();
            }
            if (e instanceof EmbeddedDatabaseException) {
                throw e; // says what is wrong with the embedded database, and what to do
            }
            if (causedBy(e, BindException.class)) {
                // Checked before the store: a port that is taken is an IOException too, which reads as "unreachable".
                // --port, else MICRONAUT_SERVER_PORT, else the configured 8080 (the context that knew is closed).
                Object httpPort = properties.getOrDefault("micronaut.server.port",
                        System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080"));
                throw new IllegalStateException("port " + httpPort + " is already in use "
                        + "(another chorus serve?): stop what listens on it, or give another with --port", e);
            }
            if (StoreFailures.isUnavailable(e)) {
                throw new IllegalStateException("cannot reach PostgreSQL at " + DatabaseUrl.redacted(url)
                        + ": check the server is up and CHORUS_DB_URL (or --db-url) is right", e);
            }
            throw e;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static int embeddedPort(Options options) {
        String configured = options.embeddedPort() != null ? options.embeddedPort().toString()
                : System.getenv("CHORUS_EMBEDDED_PORT");
        if (configured == null || configured.isBlank()) {
            return EmbeddedDatabase.freePort();
        }
        try {
            int port = Integer.parseInt(configured.strip());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("the embedded PostgreSQL's port (CHORUS_EMBEDDED_PORT or --embedded-port)"
                + " must be a number from 1 to 65535, not '" + configured + "'");
    }

    /** Waits for the embedded database; its own failure (an IllegalStateException that says why) as it is. */
    private static EmbeddedDatabase started(CompletableFuture<EmbeddedDatabase> starting) {
        if (starting == null) {
            return null;
        }
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static EmbeddedDatabase startedOrNull(CompletableFuture<EmbeddedDatabase> starting) {
        try {
            return starting.join();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public int port() {
        return context.getBean(EmbeddedServer.class).getPort();
    }

    public String url() {
        return context.getBean(EmbeddedServer.class).getURL().toString();
    }

    public boolean embeddedDatabase() {
        return embedded != null;
    }

    private void drain() {
        if (!context.isRunning()) {
            return;
        }
        Duration grace = context.getProperty("chorus.shutdown.grace-period", Duration.class)
                .orElse(Duration.ofSeconds(20));
        long started = System.nanoTime();
        try {
            context.getBean(GracefulShutdownManager.class).shutdownGracefully().toCompletableFuture()
                    .get(grace.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Stopped taking requests; those in flight finished in {} ms",
                    (System.nanoTime() - started) / 1_000_000);
        } catch (TimeoutException e) {
            LOG.warn("Requests still in flight after the grace period ({}); stopping anyway", grace);
        } catch (ExecutionException e) {
            LOG.warn("Draining requests failed; stopping anyway: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until {@link #close()} runs (from a shutdown hook on Ctrl-C). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops in order: no new connections; the requests in flight finish (within {@code chorus.shutdown.grace-period},
     * default 20s), their decisions committed; then the service; the embedded database last, so nothing is cut off
     * under a write.
     */
    @Override
    public void close() {
        try {
            drain();
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (server.isRunning()) {
                server.stop();
            }
            if (context.isRunning()) {
                context.stop();
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            stopped.countDown();
        }
    }
}
