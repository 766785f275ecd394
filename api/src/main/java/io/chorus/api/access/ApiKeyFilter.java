package io.chorus.api.access;

import io.chorus.api.problems.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code /v1} call needs {@code Authorization: Bearer <key>} (401 without a known key) and a role the
 * endpoint allows (403 otherwise); so do the metrics, which are ADMIN only. A key that exceeds its rate is a 429
 * ({@link KeyRateLimiter}). Health, liveness, readiness and the
 * OpenAPI document answer anyone: they reveal nothing about customers.
 */
@ServerFilter({"/v1/**", "/prometheus", "/prometheus/**"})
@Order(ApiKeyFilter.ORDER)
public class ApiKeyFilter {
    /** First of the /v1 filters: nothing about a request is looked at before its key. */
    public static final int ORDER = 0;

    private static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;
    private final KeyRateLimiter rateLimiter;

    public ApiKeyFilter(ApiKeys apiKeys, KeyRateLimiter rateLimiter) {
        this.apiKeys = apiKeys;
        this.rateLimiter = rateLimiter;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authorise(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorised(request, "Send an API key as Authorization: Bearer <key>.");
        }
        Optional<ApiKeys.Caller> caller = apiKeys.callerOf(header.substring(BEARER.length()).strip());
        if (caller.isEmpty()) {
            return unauthorised(request, "The API key is not known to this service.");
        }
        if (!rateLimiter.allow(caller.get().id())) {
            return ProblemResponses.of(request, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                    "This API key has made more requests than its limit allows; retry shortly.", List.of())
                    .header(HttpHeaders.RETRY_AFTER, "1");
        }
        Optional<Set<Role>> roles = caller.map(ApiKeys.Caller::roles);
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty()) {
            return null; // No such endpoint: the router answers 404 for a caller who holds a key.
        }
        List<Role> allowed = Arrays.asList(route.get().getAnnotationMetadata()
                .enumValues(Allowed.class, Role.class));
        if (roles.get().contains(Role.ADMIN) || allowed.stream().anyMatch(roles.get()::contains)) {
            return null;
        }
        return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "Forbidden",
                "This API key does not carry a role this endpoint allows: "
                        + (allowed.isEmpty() ? "ADMIN" : allowed + " or ADMIN") + ".", List.of());
    }

    private static HttpResponse<?> unauthorised(HttpRequest<?> request, String detail) {
        return ProblemResponses.of(request, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
