package io.chorus.api.access;

import io.chorus.api.problems.ProblemResponses;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.util.List;

/** 429 with Retry-After for a caller over its rate ({@link AccessRule}). */
@Produces
@Singleton
public class RateLimitExceededHandler implements ExceptionHandler<RateLimitExceeded, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, RateLimitExceeded exception) {
        return ProblemResponses.of(request, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                        "This caller has made more requests than its limit allows; retry shortly.", List.of())
                .header(HttpHeaders.RETRY_AFTER, "1");
    }
}
