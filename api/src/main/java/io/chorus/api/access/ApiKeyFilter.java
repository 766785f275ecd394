package io.chorus.api.access;

import io.chorus.api.problems.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
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
 * endpoint allows (403 otherwise). Health, readiness, metrics and the OpenAPI document are outside {@code /v1}.
 */
@ServerFilter("/v1/**")
public class ApiKeyFilter {
    private static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;

    public ApiKeyFilter(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authorise(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return unauthorised(request, "Send an API key as Authorization: Bearer <key>.");
        }
        Optional<Set<Role>> roles = apiKeys.rolesOf(header.substring(BEARER.length()).strip());
        if (roles.isEmpty()) {
            return unauthorised(request, "The API key is not known to this service.");
        }
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
