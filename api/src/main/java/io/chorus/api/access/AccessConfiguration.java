package io.chorus.api.access;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where API keys come from: {@code chorus.access.api-keys} (environment {@code CHORUS_API_KEYS}) as
 * {@code key=ROLE,ROLE;key2=ROLE}, and/or a file ({@code CHORUS_API_KEYS_FILE}) with one {@code key ROLE,ROLE}
 * per line. With neither, the service makes one ADMIN key in its data directory.
 */
@ConfigurationProperties("chorus.access")
public class AccessConfiguration {
    @Nullable
    private String apiKeys;
    @Nullable
    private String keysFile;
    private double rateLimitPerSecond = 3000;
    @Nullable
    private Integer rateLimitBurst;

    @Nullable
    public String getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(@Nullable String apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Nullable
    public String getKeysFile() {
        return keysFile;
    }

    public void setKeysFile(@Nullable String keysFile) {
        this.keysFile = keysFile;
    }

    /** Requests a second each key may make on this instance ({@code chorus.access.rate-limit-per-second}); 0: no limit. */
    public double getRateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public void setRateLimitPerSecond(double rateLimitPerSecond) {
        this.rateLimitPerSecond = rateLimitPerSecond;
    }

    /** The most requests a key may make at once after a quiet spell; default one second's worth. */
    @Nullable
    public Integer getRateLimitBurst() {
        return rateLimitBurst;
    }

    public void setRateLimitBurst(@Nullable Integer rateLimitBurst) {
        this.rateLimitBurst = rateLimitBurst;
    }
}
