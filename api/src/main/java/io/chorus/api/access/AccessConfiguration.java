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
}
