package io.chorus.api.access;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers every answer carries: nothing here may be cached (customer data: a shared proxy or a browser must keep
 * no copy), sniffed into another type, framed or given a referrer. The JSON API needs no script or style, so its
 * content security policy allows none; a page that does (the API page at /docs, DocsController; the console at
 * /console, ConsoleController) sets its own.
 */
@ServerFilter("/**")
public class SecurityHeaders {

    @ResponseFilter
    public void protect(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        if (!headers.contains("Cache-Control")) {
            headers.add("Cache-Control", "no-store");
        }
        headers.add("X-Content-Type-Options", "nosniff");
        headers.add("X-Frame-Options", "DENY");
        headers.add("Referrer-Policy", "no-referrer");
        if (!headers.contains("Content-Security-Policy")) {
            headers.add("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
    }
}
