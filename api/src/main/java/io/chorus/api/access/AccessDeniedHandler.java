package io.chorus.api.access;

import io.chorus.api.problems.ProblemResponses;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * A request Micronaut Security refused, as an RFC 9457 problem like every other error: 401 with
 * {@code WWW-Authenticate: Bearer} when there is no caller, 403 naming the roles the route allows when the caller
 * lacks them. In place of Micronaut's default, which would redirect a browser to a login page this service does not
 * have.
 */
@Produces
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class AccessDeniedHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (!exception.isForbidden()) {
            String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
            boolean bearer = header != null && header.regionMatches(true, 0, ApiKeyAuthenticationFetcher.BEARER, 0,
                    ApiKeyAuthenticationFetcher.BEARER.length());
            return ProblemResponses.of(request, HttpStatus.UNAUTHORIZED, "Unauthorized", bearer
                            ? "The API key is not known to this service, or the token is not valid here (signature,"
                            + " issuer, audience or expiry)."
                            : "Send an API key (or a token from the identity provider, where one is configured) as"
                            + " Authorization: Bearer <key>.", List.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        List<Role> allowed = AccessRule.allowedRoles(RouteAttributes.getRouteMatch(request).orElse(null));
        return ProblemResponses.of(request, HttpStatus.FORBIDDEN, "Forbidden",
                "These credentials do not carry a role this endpoint allows: "
                        + (allowed.isEmpty() ? "ADMIN" : allowed + " or ADMIN") + ".", List.of());
    }
}
