package io.chorus.simulator.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the HTML report promises without a browser: one file that fetches nothing. Chromium draws it in the browser profile. */
class HtmlReportTest {
    @TempDir
    static Path dir;
    private static String html;

    @BeforeAll
    static void writeReport() throws Exception {
        html = Files.readString(WhatIfReportFixture.writeHtml(dir));
    }

    @Test
    void theReportFetchesNothingFromTheNetwork() {
        assertThat(html).contains("Content-Security-Policy", "default-src 'none'");
        assertThat(html).as("no external resource").doesNotContain("http://", "https://", "//cdn");
    }

    @Test
    void theReportHoldsTheChangesAgainstTheBaseline() {
        assertThat(html).contains("What changes against the baseline", "C-5");
    }
}
