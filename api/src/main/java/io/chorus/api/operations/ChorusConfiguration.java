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
}
