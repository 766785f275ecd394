package io.chorus.api.operations;

import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API page at /docs: open without a key, made only of this service's own files (each of them served), under a
 * content security policy that lets those files run and nothing from elsewhere.
 */
@MicronautTest
class DocsPageTest extends ApiTestBase {
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Test
    void thePageAnswersWithoutAKeyAndRefersOnlyToThisServicesOwnFiles() {
        HttpResponse<String> page = api.raw(api.request("/docs", null).GET());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        List<String> references = new ArrayList<>();
        Matcher m = REFERENCE.matcher(page.body());
        while (m.find()) {
            references.add(m.group(1));
        }
        assertThat(references).contains("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css",
                "/docs/chorus-docs.js", "/openapi.yml");
        assertThat(references).allSatisfy(reference -> assertThat(reference).startsWith("/").doesNotStartWith("//"));
        for (String reference : references) {
            HttpResponse<String> file = api.raw(api.request(reference, null).GET());
            assertThat(file.statusCode()).as(reference).isEqualTo(200);
            assertThat(file.body()).as(reference).isNotEmpty();
        }
    }

    @Test
    void theAssetsAreSwaggerUiWithTheirTypesAndTheScriptLoadsThisServicesDocument() {
        HttpResponse<String> bundle = api.raw(api.request("/docs/assets/swagger-ui-bundle.js", null).GET());
        HttpResponse<String> css = api.raw(api.request("/docs/assets/swagger-ui.css", null).GET());
        HttpResponse<String> script = api.raw(api.request("/docs/chorus-docs.js", null).GET());

        assertThat(bundle.headers().firstValue("Content-Type")).contains("text/javascript");
        assertThat(bundle.body()).contains("SwaggerUIBundle").hasSizeGreaterThan(100_000);
        assertThat(css.headers().firstValue("Content-Type")).contains("text/css");
        assertThat(css.body()).contains(".swagger-ui");
        assertThat(script.body()).contains("url: '/openapi.yml'", "validatorUrl: null").doesNotContain("http");
    }

    @Test
    void thePagesPolicyAllowsItsOwnScriptsStylesAndCallsAndNothingElse() {
        HttpResponse<String> page = api.raw(api.request("/docs", null).GET());

        assertThat(page.headers().allValues("Content-Security-Policy")).singleElement().satisfies(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                        "img-src 'self' data:", "frame-ancestors 'none'")
                .doesNotContain("http", "unsafe-eval", "script-src 'self' 'unsafe-inline'", "*"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void onlyThePagesOwnFilesAreServedFromTheWebjar() {
        assertThat(api.get("/docs/assets/index.html", null).status()).isEqualTo(404);
        assertThat(api.get("/docs/assets/oauth2-redirect.html", null).status()).isEqualTo(404);
        assertThat(api.get("/docs/assets/..%2F..%2Fapplication.yml", null).status()).isEqualTo(404);
    }
}
