package io.chorus.api.access;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each API key may make {@code chorus.access.rate-limit.per-second} requests a second on this instance, with bursts
 * up to {@code chorus.access.rate-limit.burst}; beyond that it is answered 429 with Retry-After, so one runaway
 * client cannot take the service from the others. A token bucket per key; 0 turns the limit off.
 */
@Singleton
public class KeyRateLimiter {
    private final double perNano;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public KeyRateLimiter(AccessConfiguration access) {
        this.perNano = access.getRateLimitPerSecond() / 1e9;
        this.burst = access.getRateLimitBurst() != null ? access.getRateLimitBurst() : access.getRateLimitPerSecond();
    }

    /** True when the caller may go ahead; false when it has spent its allowance. */
    public boolean allow(String callerId) {
        if (perNano <= 0) {
            return true;
        }
        return buckets.computeIfAbsent(callerId, id -> new Bucket(burst)).take(System.nanoTime(), perNano, burst);
    }

    private static final class Bucket {
        private double tokens;
        private long updated = System.nanoTime();

        Bucket(double tokens) {
            this.tokens = tokens;
        }

        synchronized boolean take(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
