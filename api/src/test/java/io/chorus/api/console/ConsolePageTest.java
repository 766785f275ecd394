package io.chorus.api.console;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files: served without a key (they hold no data), each with its type, under a policy that runs this
 * service's own scripts and styles only, never inline code, and lets them call this service and nothing else.
 */
@MicronautTest
class ConsolePageTest extends ApiTestBase {
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z-]+\\.js)'");

    @Test
    void thePageAndEveryFileItLoadsAnswerWithoutAKeyWithTheirTypes() {
        HttpResponse<String> page = api.raw(api.request("/console", null).GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        List<String> references = matches(REFERENCE, page.body());
        assertThat(references).as("the page's files; the other links are its two screens, on this page")
                .containsExactlyInAnyOrder("/console/console.css", "/console/console.js", "#/customer", "#/analyst");

        // Every module the page loads, and every module those import, is served as JavaScript.
        Set<String> modules = new LinkedHashSet<>(List.of("console.js"));
        Set<String> seen = new LinkedHashSet<>();
        while (!modules.isEmpty()) {
            String module = modules.iterator().next();
            modules.remove(module);
            if (!seen.add(module)) {
                continue;
            }
            HttpResponse<String> file = api.raw(api.request("/console/" + module, null).GET());
            assertThat(file.statusCode()).as(module).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type")).as(module).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/javascript"));
            assertThat(file.body()).as(module).doesNotContain("http://", "https://", "innerHTML", "eval(");
            modules.addAll(matches(IMPORT, file.body()));
        }
        assertThat(seen).contains("console.js", "api.js", "agent.js", "analyst.js", "identifiers.js", "html.js");

        HttpResponse<String> css = api.raw(api.request("/console/console.css", null).GET());
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/css"));
        assertThat(css.body()).contains(":focus-visible").doesNotContain("@import", "url(");
    }

    @Test
    void thePolicyRunsOnlyThisServicesOwnScriptsAndStylesAndCallsOnlyIt() {
        HttpResponse<String> page = api.raw(api.request("/console", null).GET());

        assertThat(page.headers().allValues("Content-Security-Policy")).singleElement().satisfies(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                        "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http", "data:", "*"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).as("no inline script or style for the policy to refuse")
                .doesNotContain("<script>", "<style", "style=\"", " onclick=", " onload=");
        assertThat(page.body()).contains("<label for=\"api-key\">API key</label>",
                "<label for=\"identifier\">Identifier</label>", "<main", "aria-live");
    }

    @Test
    void onlyTheConsolesOwnFilesAreServedAndTheDataStaysBehindTheKey() {
        assertThat(api.get("/console/", null).status()).as("the page, with a slash too").isEqualTo(200);
        assertThat(api.get("/console/index.html", null).status()).isEqualTo(404);
        assertThat(api.get("/console/application.yml", null).status()).isEqualTo(404);
        assertThat(api.get("/console/..%2Fapplication.yml", null).status()).isEqualTo(404);
        assertThat(api.get("/console/..%2Fopenapi.yml", null).status()).isEqualTo(404);
        // The page is open; what it shows is not: without a key the API it calls answers 401.
        assertThat(api.get("/v1/customers?identifier=SOCIAL:samrivers", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/rules", Api.CHANNEL).status()).isEqualTo(403);
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
