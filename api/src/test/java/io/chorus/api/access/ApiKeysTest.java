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
    private static final String APP_KEY = "app-Qm9xXr3vK8fJt2LwZp5Nc7HsBd4Ye6Ug";
    private static final String CRM_KEY = "crm-Vb2Nq8RtX4mKz6PjW1Ls9DfHc3Gy7Ea5";
    private static final String BILLING_KEY = "billing-Tz5Kd9Lm2Xq7Wv4Rn8Jc1Hs6Pb3Fy0Ga";
    private static final String OPS_KEY = "ops-Hx7Cw3Qn9Lk1Vr5Zt8Md2Jb6Sf4Yp0Ea";

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
        Files.writeString(file, "# billing system\n" + BILLING_KEY + " RECORDER\nsha256:" + ApiKeys.digest(OPS_KEY)
                + " ANALYST,ADMIN\n");
        AccessConfiguration access = new AccessConfiguration();
        access.setApiKeys(APP_KEY + "=CHANNEL;" + CRM_KEY + "=RECORDER,CHANNEL");
        access.setKeysFile(file.toString());

        ApiKeys keys = new ApiKeys(access, data());

        assertThat(keys.rolesOf(APP_KEY)).contains(Set.of(Role.CHANNEL));
        assertThat(keys.rolesOf(CRM_KEY)).contains(Set.of(Role.RECORDER, Role.CHANNEL));
        assertThat(keys.rolesOf(BILLING_KEY)).contains(Set.of(Role.RECORDER));
        assertThat(keys.rolesOf(OPS_KEY)).contains(Set.of(Role.ANALYST, Role.ADMIN));
        assertThat(keys.rolesOf("guess")).isEmpty();
        assertThat(keys.rolesOf("sha256:" + ApiKeys.digest(OPS_KEY))).as("the digest is not the key").isEmpty();
        assertThat(dataDir.resolve(ApiKeys.GENERATED_KEY_FILE)).doesNotExist();
    }

    @Test
    void givenAKeyFileThatHoldsOnlyDigests_whenReadBack_thenNoKeyCanBeFoundInIt() throws IOException {
        Path file = dataDir.resolve("keys.txt");
        Files.writeString(file, "sha256:" + ApiKeys.digest(OPS_KEY) + " ADMIN\n");
        AccessConfiguration access = new AccessConfiguration();
        access.setKeysFile(file.toString());

        assertThat(new ApiKeys(access, data()).rolesOf(OPS_KEY)).contains(Set.of(Role.ADMIN));
        assertThat(Files.readString(file)).doesNotContain(OPS_KEY);
    }

    @Test
    void givenAShortKey_whenStarted_thenItRefusesToStartAndSaysWhere() throws IOException {
        Path file = dataDir.resolve("keys.txt");
        Files.writeString(file, "# the billing system\nx RECORDER\n");
        AccessConfiguration fromFile = new AccessConfiguration();
        fromFile.setKeysFile(file.toString());
        AccessConfiguration fromEnvironment = new AccessConfiguration();
        fromEnvironment.setApiKeys("app-key=CHANNEL");

        assertThatThrownBy(() -> new ApiKeys(fromFile, data())).hasMessageContaining("keys.txt:2")
                .hasMessageContaining("at least 32 characters, this one has 1");
        assertThatThrownBy(() -> new ApiKeys(fromEnvironment, data())).hasMessageContaining("at least 32 characters");
    }

    @Test
    void givenAnUnknownRole_whenStarted_thenItRefusesToStartAndSaysWhich() {
        AccessConfiguration access = new AccessConfiguration();
        access.setApiKeys(APP_KEY + "=CHANEL");

        assertThatThrownBy(() -> new ApiKeys(access, data())).hasMessageContaining("CHANEL");
    }

    private ChorusConfiguration data() {
        ChorusConfiguration configuration = new ChorusConfiguration();
        configuration.setDataDir(dataDir);
        return configuration;
    }
}
