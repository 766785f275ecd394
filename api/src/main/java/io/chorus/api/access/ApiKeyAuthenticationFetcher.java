package io.chorus.api.access;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * {@code Authorization: Bearer <key>} with a key {@link ApiKeys} knows: an {@link ApiKeyAuthentication} carrying the
 * key's roles. Anything else is left to the other fetchers (a JWT, when the deployment accepts them) and, failing
 * them all, the request is anonymous: a 401 wherever a role is needed.
 */
@Singleton
public class ApiKeyAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String BEARER = "Bearer ";

    private final ApiKeys apiKeys;

    public ApiKeyAuthenticationFetcher(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Publishers.empty();
        }
        return apiKeys.callerOf(header.substring(BEARER.length()).strip())
                .<Publisher<Authentication>>map(caller -> Publishers.just(new ApiKeyAuthentication(caller)))
                .orElseGet(Publishers::empty);
    }
}
