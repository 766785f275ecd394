package io.chorus.api.access;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may call what, decided for every request before Micronaut Security's own rules are asked (they never are):
 * <ul>
 *   <li>open to anyone: the management routes that are not sensitive (health, liveness, readiness) and routes
 *       marked {@code @Secured(SecurityRule.IS_ANONYMOUS)} (the API document and page, the console's files, which
 *       hold no data: the console calls /v1 with its user's key);</li>
 *   <li>a route with {@link Allowed}: a caller with one of those roles, or ADMIN;</li>
 *   <li>every other route, sensitive management routes (the metrics) included: ADMIN only.</li>
 * </ul>
 * No caller where one is needed: 401; a caller without the role: 403 ({@link AccessDeniedHandler} words both). A
 * known caller is counted against its rate ({@link KeyRateLimiter}) before its roles are looked at, as it always
 * was: over the limit is a 429 whatever it asked for. A path no route matches is left to the router (404 or 405),
 * except under {@code /v1}, where a caller without credentials learns nothing, not even that.
 */
@Singleton
public class AccessRule implements SecurityRule<HttpRequest<?>> {
    /** Before {@link SensitiveEndpointRule} and the other rules Micronaut Security brings. */
    public static final int ORDER = SensitiveEndpointRule.ORDER - 1000;

    private final KeyRateLimiter rateLimiter;
    private final Map<ExecutableMethod, Boolean> endpointSensitivity;

    public AccessRule(KeyRateLimiter rateLimiter, EndpointSensitivityProcessor endpoints) {
        this.rateLimiter = rateLimiter;
        this.endpointSensitivity = endpoints.getEndpointMethods();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        RouteMatch<?> route = RouteAttributes.getRouteMatch(request).orElse(null);
        if (route != null && isOpen(route)) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        if (authentication == null) {
            return Publishers.just(route == null && !request.getPath().startsWith("/v1/")
                    ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
        }
        if (!rateLimiter.allow(callerId(authentication))) {
            return Publishers.just(new RateLimitExceeded());
        }
        if (route == null) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        Set<Role> roles = rolesOf(authentication);
        return Publishers.just(roles.contains(Role.ADMIN) || allowedRoles(route).stream().anyMatch(roles::contains)
                ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    /** The roles besides ADMIN that may call this route: none for a route without {@link Allowed}. */
    static List<Role> allowedRoles(@Nullable RouteMatch<?> route) {
        if (route == null) {
            return List.of();
        }
        return Arrays.asList(route.getAnnotationMetadata().enumValues(Allowed.class, Role.class));
    }

    private boolean isOpen(RouteMatch<?> route) {
        if (route instanceof MethodBasedRouteMatch<?, ?> method
                && Boolean.FALSE.equals(endpointSensitivity.get(method.getExecutableMethod()))) {
            return true;
        }
        return Arrays.asList(route.getAnnotationMetadata().stringValues(Secured.class)).contains(IS_ANONYMOUS);
    }

    private static Set<Role> rolesOf(Authentication authentication) {
        if (authentication instanceof ApiKeyAuthentication key) {
            return key.roles();
        }
        if (authentication instanceof JwtAuthentication jwt) {
            return jwt.roles();
        }
        return Role.known(authentication.getRoles());
    }

    /** Whom a rate is counted for: each key, each JWT subject, never one for the other. */
    private static String callerId(Authentication authentication) {
        if (authentication instanceof ApiKeyAuthentication) {
            return authentication.getName();
        }
        return (authentication instanceof JwtAuthentication ? "jwt:" : "other:") + authentication.getName();
    }
}
