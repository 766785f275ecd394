package io.chorus.api.problems;

import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteMatch;

/**
 * What an error log may say about a failure without quoting a customer: the route as declared
 * ({@code /v1/customers/{customerId}/context}, not the id), and the exception's classes and stack frames without
 * their messages, which quote input (a parser's "unexpected character in 'sam@…'", a constraint's key values).
 */
public final class Redacted extends RuntimeException {

    private Redacted(Throwable original) {
        super(original.getClass().getName() + " (message withheld: it may quote customer data)",
                original.getCause() == null || original.getCause() == original ? null : new Redacted(original.getCause()),
                false, true);
        setStackTrace(original.getStackTrace());
    }

    /** The failure with every message in its chain withheld, stack frames kept. */
    public static Redacted of(Throwable failure) {
        return new Redacted(failure);
    }

    /** The request's method and declared route; the raw path (which holds ids) only when no route matched. */
    public static String route(HttpRequest<?> request) {
        String route = RouteAttributes.getRouteMatch(request)
                .filter(UriRouteMatch.class::isInstance)
                .map(match -> ((UriRouteMatch<?, ?>) match).getRouteInfo().getUriMatchTemplate().toString())
                .orElse("(no route)");
        return request.getMethodName() + " " + route;
    }

    /** A customer's value (an email, a phone number) as a log may show it: its first two characters and length. */
    public static String value(String value) {
        if (value == null) {
            return "null";
        }
        return (value.length() <= 4 ? "" : value.substring(0, 2)) + "… (" + value.length() + " characters)";
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
