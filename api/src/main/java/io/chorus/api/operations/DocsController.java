package io.chorus.api.operations;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The interactive API page at {@code /docs}: Swagger UI, from its webjar on the class path, rendering
 * {@code /openapi.yml}. Open without a key like the document it shows; the calls a reader tries out carry the key
 * or token they give to "Authorize", and are checked like any other. Every script, style and image comes from this
 * service, and the page's content security policy allows nothing else.
 */
@Controller("/docs")
@Secured(SecurityRule.IS_ANONYMOUS)
public class DocsController {
    /** Scripts, styles, images and calls from this origin only; inline styles for Swagger UI's own rendering. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The files of the webjar the page uses, and nothing else of it. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui-bundle.js", "text/javascript",
            "swagger-ui.css", "text/css",
            "favicon-32x32.png", "image/png");

    private final byte[] page;
    private final byte[] script;
    private final Map<String, byte[]> assets = new HashMap<>();

    public DocsController() {
        this.page = read("docs/index.html");
        this.script = read("docs/chorus-docs.js");
        String version = swaggerUiVersion();
        ASSETS.keySet().forEach(name -> assets.put(name, read(WEBJAR + version + "/" + name)));
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    @Get(uri = "/chorus-docs.js", produces = "text/javascript")
    public HttpResponse<byte[]> script() {
        return HttpResponse.ok(script).contentType("text/javascript");
    }

    @Get(uri = "/assets/{name}", produces = MediaType.ALL)
    public HttpResponse<byte[]> asset(@PathVariable String name) {
        byte[] asset = assets.get(name);
        if (asset == null) {
            return HttpResponse.notFound();
        }
        // The same version of Swagger UI for as long as this build runs: a browser may keep it a day.
        return HttpResponse.ok(asset).contentType(ASSETS.get(name)).header("Cache-Control", "public, max-age=86400");
    }

    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = DocsController.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the build");
        }
        return in;
    }
}
