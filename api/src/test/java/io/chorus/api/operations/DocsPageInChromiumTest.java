package io.chorus.api.operations;

import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens /docs in headless Chromium under the page's own content security policy, with no network beyond this
 * service: Swagger UI must run and render the operations of the served document. Tagged {@code browser}: it runs in
 * the Maven profile of that name ({@code mvn -B verify -Pbrowser}) and needs Chromium (or CHROMIUM_BIN); without it
 * this test fails and says so.
 */
@Tag("browser")
@MicronautTest
class DocsPageInChromiumTest extends ApiTestBase {
    @TempDir
    Path dir;

    @Test
    void swaggerUiRendersTheOperationsOfTheServedDocument() throws Exception {
        String dom = chromium("--virtual-time-budget=20000", "--dump-dom",
                server.getURI().resolve("/docs").toString());

        assertThat(dom).contains("swagger-ui", "opblock").contains("/v1/decisions/{decisionId}/outcomes")
                .contains("Authorize");
    }

    private String chromium(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(dir, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 90 s: " + command);
        }
        assertThat(process.exitValue()).as("chromium exit code for " + command).isZero();
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static String binary() {
        String configured = System.getenv("CHROMIUM_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(path, name))) {
                    return Path.of(path, name).toString();
                }
            }
        }
        return fail("This test opens /docs in headless Chromium, and none was found. Install the Debian package:"
                + " apt-get install -y chromium (or set CHROMIUM_BIN to a Chromium or Chrome binary).");
    }
}
