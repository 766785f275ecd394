package io.chorus.simulator.report;

import io.chorus.engine.context.Channel;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.run.SimulationSettings;
import io.chorus.simulator.run.Simulator;
import io.chorus.simulator.source.JsonLinesFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens the HTML report in headless Chromium, as a person would open the file: it must load with no network, and
 * every chart must be laid out with visible bars. Needs the Debian package {@code chromium} (or CHROMIUM_BIN
 * pointing at a Chromium or Chrome binary); without it this test fails and says so, it does not skip.
 */
class HtmlReportInChromiumTest {
    private static final Pattern ATTRIBUTE = Pattern.compile("data-([a-z-]+)=\"(\\d+)\"");
    /** The candidate bars' colour in the report's stylesheet. */
    private static final int CANDIDATE_BLUE = 0x3867d6;

    @TempDir
    static Path dir;
    private static Path html;
    private static SimulationReport report;

    @BeforeAll
    static void writeReport() throws Exception {
        Path baseline = Fixtures.copyOfDefaultRules(dir.resolve("baseline"));
        Fixtures.edit(baseline.resolve("plays/billing.drl"), "status != ChargeStatus.CREDITED, endedBefore",
                "status != ChargeStatus.CREDITED, kind != ChargeKind.USAGE, endedBefore");
        SimulationSettings settings = new SimulationSettings(List.of(Channel.CALL_CENTER, Channel.SMS), Fixtures.AS_OF,
                5, false, 2, 20);
        report = new Simulator(Fixtures.defaultRuleSet(), Fixtures.rules(baseline), settings)
                .run(new JsonLinesFile(Fixtures.knownPopulation()), RunObserver.SILENT).report();
        html = dir.resolve("report.html");
        HtmlReport.write(report, html);
    }

    @Test
    void chromiumDrawsEveryChartOfTheReport() throws Exception {
        String dom = chromium("--dump-dom", html.toUri().toString());

        String body = dom.substring(dom.indexOf("<body"), dom.indexOf('>', dom.indexOf("<body")));
        int charts = attribute(body, "charts");
        assertThat(charts).as("charts in the report").isGreaterThanOrEqualTo(5);
        assertThat(attribute(body, "charts-drawn")).as("charts laid out with visible bars").isEqualTo(charts);
        assertThat(attribute(body, "bars-drawn")).isGreaterThan(charts);
        assertThat(dom).contains("What changes against the baseline", "C-5");
    }

    @Test
    void theScreenshotShowsTheBars() throws Exception {
        Path png = dir.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1100,2600", html.toUri().toString());

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("screenshot written").isNotNull();
        long blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == CANDIDATE_BLUE) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("pixels of the candidate bars").isGreaterThan(1000);
    }

    @Test
    void theReportFetchesNothingFromTheNetwork() throws IOException {
        String text = Files.readString(html);
        assertThat(text).contains("Content-Security-Policy", "default-src 'none'");
        assertThat(text).as("no external resource").doesNotContain("http://", "https://", "//cdn");
    }

    private static int attribute(String body, String name) {
        Matcher m = ATTRIBUTE.matcher(body);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Integer.parseInt(m.group(2));
            }
        }
        return fail("<body> has no data-" + name + ": the report's script did not run. Body: " + body);
    }

    private static String chromium(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
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
        return fail("This test opens the HTML report in headless Chromium, and none was found. Install the Debian"
                + " package: apt-get install -y chromium (or set CHROMIUM_BIN to a Chromium or Chrome binary).");
    }
}
