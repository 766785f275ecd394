package io.chorus.api.decisions;

import io.chorus.api.operations.ChorusConfiguration;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Forgets decisions older than {@code chorus.audit.keep-days} (0 keeps them all), so the audit holds what the
 * operator must keep and no more. Contacts they made stay in the customers' histories.
 */
@Context
// Not in a batch job (chorus outbound run --commit): it uses the store, not the serving machinery.
@Requires(notEnv = OutboundStore.BATCH)
public class DecisionRetention {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionRetention.class);

    private final DecisionStore decisions;
    private final int keepDays;
    private final ScheduledExecutorService pruner;

    public DecisionRetention(DecisionStore decisions, ChorusConfiguration configuration) {
        this.decisions = decisions;
        this.keepDays = configuration.audit().getKeepDays();
        if (keepDays <= 0) {
            this.pruner = null;
            return;
        }
        this.pruner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chorus-decision-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(1_000, configuration.audit().getPruneInterval().toMillis());
        pruner.scheduleWithFixedDelay(this::pruneQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes what is past its keeping time now; returns how many decisions went. */
    public int prune() {
        if (keepDays <= 0) {
            return 0;
        }
        int pruned = decisions.pruneOlderThan(keepDays);
        if (pruned > 0) {
            LOG.info("Forgot {} decision(s) recorded more than {} days ago", pruned, keepDays);
        }
        return pruned;
    }

    private void pruneQuietly() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warn("Pruning old decisions failed; will try again: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (pruner != null) {
            pruner.shutdownNow();
        }
    }
}
