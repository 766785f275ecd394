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

/**
 * The web console at {@code /console}: a page, its styles and its ES modules, all static. They hold no data and
 * answer without a key, like /docs; the page asks the /v1 API for everything it shows, with the key its user signs
 * in with, so a key has the same roles in the console as anywhere else. Only the files named here are served, and
 * under a content security policy that lets the page run its own files and call this service, nothing more: no
 * inline script or style, nothing from another origin.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsoleController {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String TEXT_JAVASCRIPT = "text/javascript; charset=utf-8";
    /** Every file of the console and its type; a name not listed is a 404. */
    private static final Map<String, String> FILES = Map.of(
            "console.css", "text/css; charset=utf-8",
            "console.js", TEXT_JAVASCRIPT,
            "api.js", TEXT_JAVASCRIPT,
            "identifiers.js", TEXT_JAVASCRIPT,
            "agent.js", TEXT_JAVASCRIPT,
            "analyst.js", TEXT_JAVASCRIPT,
            "html.js", TEXT_JAVASCRIPT);

    private final byte[] page;
    private final Map<String, byte[]> files = new HashMap<>();

    public ConsoleController() {
        this.page = read("console/index.html");
        FILES.keySet().forEach(name -> files.put(name, read("console/" + name)));
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(page).contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    @Get(uri = "/{name}", produces = MediaType.ALL)
    public HttpResponse<byte[]> file(@PathVariable String name) {
        byte[] file = files.get(name);
        if (file == null) {
            return HttpResponse.notFound();
        }
        return HttpResponse.ok(file).contentType(FILES.get(name))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
