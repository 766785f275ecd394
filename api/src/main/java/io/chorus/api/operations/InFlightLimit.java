package io.chorus.api.operations;

import io.chorus.api.problems.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load shedding: at most {@code chorus.server.max-in-flight} API requests are worked on at once on this instance;
 * one more is answered 503 with Retry-After straight away, before anything is done for it. Without a bound, a
 * service offered more than it can do queued every request and answered all of them late: offered 500 decisions a
 * second against the 430 it could do, its p99 grew to 27 s, and clients' timeouts abandoned work it still did. With
 * it, what is admitted is answered in about {@code max-in-flight / throughput} and a client knows at once to retry
 * (or another instance takes the request). Health, metrics and the API description are outside {@code /v1} and
 * always answer. 0 turns it off.
 */
@Context
@ServerFilter("/v1/**")
@Order(InFlightLimit.ORDER)
public class InFlightLimit {
    /** After metrics and tracing, before the caller's key is even checked. */
    public static final int ORDER = 20_000;

    private final int most;
    private final Semaphore permits;
    /** Requests shed ({@code chorus_requests_shed_total}): the HTTP server's own metrics do not see them. */
    private final Counter shed;

    public InFlightLimit(@Value("${chorus.server.max-in-flight:64}") String mostInFlight, MeterRegistry meters) {
        this.most = parse(mostInFlight);
        this.permits = new Semaphore(this.most);
        this.shed = Counter.builder("chorus.requests.shed")
                .description("API requests answered 503 Too busy because chorus.server.max-in-flight were in flight")
                .register(meters);
    }

    /** Read at start ({@code @Context}), so a bad setting stops the service instead of failing every request. */
    private static int parse(String value) {
        return Counts.zeroOrMore(value, "chorus.server.max-in-flight (CHORUS_SERVER_MAX_IN_FLIGHT)", "requests",
                "no limit", 64);
    }

    @RequestFilter
    public Publisher<MutableHttpResponse<?>> admit(HttpRequest<?> request,
                                                   FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (most == 0) {
            return next.proceed();
        }
        if (!permits.tryAcquire()) {
            shed.increment();
            return Flux.just(ProblemResponses.of(request, HttpStatus.SERVICE_UNAVAILABLE, "Too busy",
                    "This instance is working on as many requests as it takes (" + most + "); retry shortly.",
                    List.of()).header("Retry-After", "1"));
        }
        // Given back once however the request ends: answered, failed, or the client gone (cancelled).
        AtomicBoolean held = new AtomicBoolean(true);
        return Flux.from(next.proceed()).doFinally(signal -> {
            if (held.getAndSet(false)) {
                permits.release();
            }
        });
    }

    /** Requests being worked on now (for tests and the operator's curiosity). */
    int inFlight() {
        return most - permits.availablePermits();
    }
}
