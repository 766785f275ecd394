package io.chorus.api.operations;

import io.chorus.engine.rules.Checkout;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The service's own settings ({@code chorus.*}). Paths default to the checkout the launcher runs from
 * ({@code -Dchorus.home}), so {@code chorus serve} needs no configuration at all.
 */
@ConfigurationProperties("chorus")
public class ChorusConfiguration {
    @Nullable
    private Path home;
    @Nullable
    private Path dataDir;
    @Nullable
    private Path demoCustomersDir;
    private Rules rules = new Rules();
    private Audit audit = new Audit();

    /** The repository root: {@code chorus.home}, else the checkout the service runs from. */
    public Path home() {
        return home != null ? home : Checkout.home();
    }

    public Path rulesDirectory() {
        return rules.dir != null ? rules.dir : home().resolve("rules");
    }

    /** Local state: the generated key, the embedded database. Ignored by git ({@code .chorus/}). */
    public Path dataDirectory() {
        return dataDir != null ? dataDir : home().resolve(".chorus");
    }

    /** Demo customers loaded at start when set (the embedded default sets it to {@code rules/customers}). */
    @Nullable
    public Path demoCustomersDirectory() {
        return demoCustomersDir;
    }

    public Duration rulesPollInterval() {
        return rules.pollInterval;
    }

    public Rules rules() {
        return rules;
    }

    public Audit audit() {
        return audit;
    }

    public void setAudit(Audit audit) {
        this.audit = audit;
    }

    public void setHome(@Nullable Path home) {
        this.home = home;
    }

    public void setDataDir(@Nullable Path dataDir) {
        this.dataDir = dataDir;
    }

    public void setDemoCustomersDir(@Nullable Path demoCustomersDir) {
        this.demoCustomersDir = demoCustomersDir;
    }

    public Rules getRules() {
        return rules;
    }

    public void setRules(Rules rules) {
        this.rules = rules;
    }

    @ConfigurationProperties("rules")
    public static class Rules {
        @Nullable
        private Path dir;
        private Duration pollInterval = Duration.ofSeconds(1);
        private RuleSource source = RuleSource.DIRECTORY;
        private Duration settle = Duration.ofSeconds(1);
        private Duration storePollInterval = Duration.ofSeconds(2);

        /** Where an instance takes its rules from at start: its own folder (local work) or the store (a fleet). */
        public enum RuleSource { DIRECTORY, STORE }

        public RuleSource getSource() {
            return source;
        }

        public void setSource(RuleSource source) {
            this.source = source;
        }

        /** How long the folder must stay unchanged before a change is checked: no half-saved files go live. */
        public Duration getSettle() {
            return settle;
        }

        public void setSettle(Duration settle) {
            this.settle = settle;
        }

        /** How often an instance asks the store which version is active; a fleet converges within it. */
        public Duration getStorePollInterval() {
            return storePollInterval;
        }

        public void setStorePollInterval(Duration storePollInterval) {
            this.storePollInterval = storePollInterval;
        }

        @Nullable
        public Path getDir() {
            return dir;
        }

        public void setDir(@Nullable Path dir) {
            this.dir = dir;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    @ConfigurationProperties("audit")
    public static class Audit {
        private int keepDays;
        private Duration pruneInterval = Duration.ofHours(1);
        private int writers = 2;
        private Duration recordTimeout = Duration.ofSeconds(10);

        /**
         * Threads committing decisions, each a group commit of its own: while one waits on the database, the next
         * batch is already being written. Fewer writers make larger batches, so fewer statements and commits, and
         * fewer threads (and database connections) taking turns on the cores. In alternated runs one, two and four
         * recorded about the same share of what previews reach; with decisions on a few threads of their own, two
         * held the p99 at 500/s at 19 ms where four held it at 24-27 ms (docs/performance.md, "A few threads for
         * decisions").
         */
        public int getWriters() {
            return writers;
        }

        public void setWriters(int writers) {
            this.writers = writers;
        }

        /** Days a decision is kept for audit and replay; 0 keeps every decision. */
        public int getKeepDays() {
            return keepDays;
        }

        public void setKeepDays(int keepDays) {
            this.keepDays = keepDays;
        }

        /** How long a decision may wait to be committed before its caller is answered 503 (the store is away). */
        public Duration getRecordTimeout() {
            return recordTimeout;
        }

        public void setRecordTimeout(Duration recordTimeout) {
            this.recordTimeout = recordTimeout;
        }

        public Duration getPruneInterval() {
            return pruneInterval;
        }

        public void setPruneInterval(Duration pruneInterval) {
            this.pruneInterval = pruneInterval;
        }
    }
}
