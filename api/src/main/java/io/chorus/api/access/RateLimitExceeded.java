package io.chorus.api.access;

/** A caller over its rate ({@link KeyRateLimiter}): answered 429 with Retry-After by {@link AccessDeniedHandler}. */
public class RateLimitExceeded extends RuntimeException {
    public RateLimitExceeded() {
        super("rate limit exceeded", null, false, false);
    }
}
