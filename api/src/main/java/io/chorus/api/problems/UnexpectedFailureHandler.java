package io.chorus.api.problems;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;

/**
 * Everything no other handler claims: a database that cannot be reached is a 503 the caller can retry; anything
 * else is our fault, answered without a trace and logged with one, under an id the answer gives, so the caller
 * can name the failure to an operator. The log names the route, never the ids in the path, and withholds every
 * exception message ({@link Redacted}): error logs travel further than customer data may. The full failure is
 * logged at DEBUG for whoever runs the service locally.
 */
@Produces
@Singleton
public class UnexpectedFailureHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedFailureHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        if (StoreFailures.isUnavailable(exception)) {
            LOG.warn("{}: store unavailable: {}", Redacted.route(request), StoreFailures.cause(exception));
            return ProblemResponses.storeUnavailable(request);
        }
        String failureId = UUID.randomUUID().toString();
        LOG.error("{} failed (failure {})", Redacted.route(request), failureId, Redacted.of(exception));
        LOG.debug("Failure {} in full", failureId, exception);
        return ProblemResponses.of(request, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The service failed to handle this request; it has been logged as failure " + failureId + ".",
                List.of());
    }
}
