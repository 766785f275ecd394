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

/**
 * Everything no other handler claims: a database that cannot be reached is a 503 the caller can retry; anything
 * else is our fault, logged with its trace and answered without one.
 */
@Produces
@Singleton
public class UnexpectedFailureHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedFailureHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        if (StoreFailures.isUnavailable(exception)) {
            LOG.warn("{} {}: store unavailable: {}", request.getMethod(), request.getPath(), exception.toString());
            return ProblemResponses.storeUnavailable(request);
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
        return ProblemResponses.of(request, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The service failed to handle this request; it has been logged.", List.of());
    }
}
