package io.chorus.api.access;

import io.chorus.api.operations.ChorusConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    @TempDir
    Path dataDir;

    @Test
    void givenNoKeysConfigured_whenStarted_thenOneAdminKeyIsMadeKeptAndReusedOnRestart() throws IOException {
        ApiKeys first = new ApiKeys(new AccessConfiguration(), data());
        String key = Files.readString(dataDir.resolve(ApiKeys.GENERATED_KEY_FILE)).strip();
        ApiKeys afterRestart = new ApiKeys(new AccessConfiguration(), data());

        assertThat(key).startsWith("chorus_").hasSizeGreaterThan(40);
        assertThat(first.rolesOf(key)).contains(Set.of(Role.ADMIN));
        assertThat(afterRestart.rolesOf(key)).contains(Set.of(Role.ADMIN));
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(ApiKeys.GENERATED_KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void givenKeysFromEnvironmentAndFile_whenStarted_thenEachCarriesItsRolesAndNoKeyIsGenerated() throws IOException {
        Path file = dataDir.resolve("keys.txt");
        Files.writeString(file, "# billing system\nbilling-key RECORDER\nops-key ANALYST,ADMIN\n");
        AccessConfiguration access = new AccessConfiguration();
        access.setApiKeys("app-key=CHANNEL;crm-key=RECORDER,CHANNEL");
        access.setKeysFile(file.toString());

        ApiKeys keys = new ApiKeys(access, data());

        assertThat(keys.rolesOf("app-key")).contains(Set.of(Role.CHANNEL));
        assertThat(keys.rolesOf("crm-key")).contains(Set.of(Role.RECORDER, Role.CHANNEL));
        assertThat(keys.rolesOf("billing-key")).contains(Set.of(Role.RECORDER));
        assertThat(keys.rolesOf("ops-key")).contains(Set.of(Role.ANALYST, Role.ADMIN));
        assertThat(keys.rolesOf("guess")).isEmpty();
        assertThat(dataDir.resolve(ApiKeys.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void givenAnUnknownRole_whenStarted_thenItRefusesToStartAndSaysWhich() {
        AccessConfiguration access = new AccessConfiguration();
        access.setApiKeys("app-key=CHANEL");

        assertThatThrownBy(() -> new ApiKeys(access, data())).hasMessageContaining("CHANEL");
    }

    private ChorusConfiguration data() {
        ChorusConfiguration configuration = new ChorusConfiguration();
        configuration.setDataDir(dataDir);
        return configuration;
    }
}
