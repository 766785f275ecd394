package io.chorus.api.decisions;

import io.chorus.api.storage.DatabaseUrl;
import io.micronaut.context.ApplicationContext;

import java.util.Map;

/**
 * The store, opened for a batch job ({@code chorus outbound run}) rather than the service: the same beans and SQL
 * on the database a URL names (its schema migrated first, as the service does), without the HTTP server, the
 * rule watcher, the API keys or the retention job.
 */
public final class OutboundStore implements AutoCloseable {
    /** The Micronaut environment of a batch job. */
    public static final String BATCH = "batch";

    private final ApplicationContext context;

    private OutboundStore(ApplicationContext context) {
        this.context = context;
    }

    public static OutboundStore open(String url) {
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments(BATCH)
                .properties(Map.of("datasources.default.url", DatabaseUrl.toJdbc(url),
                        // A commit batch may wait for the service's writers on the same customers.
                        "datasources.default.maximum-pool-size", 4))
                .build();
        try {
            context.start();
            return new OutboundStore(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    public OutboundCommits commits() {
        return context.getBean(OutboundCommits.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
