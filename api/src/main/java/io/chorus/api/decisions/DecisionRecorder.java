package io.chorus.api.decisions;

import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.api.problems.StoreFailures;
import io.chorus.api.problems.StoreUnavailableException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Records decisions with group commit: every decision is durable before its answer leaves (so an outcome can
 * always refer to it), but decisions made at the same moment share one INSERT and one commit. Under load this
 * turns hundreds of commits a second into tens, which is most of what a decision costs the database. Several
 * writers take batches from one queue: with one, every answer waited for the whole previous batch's round trips
 * (and, for sends, its context updates) however idle the database was. A batch is written in one statement outside
 * a transaction where it can ({@link DecisionWriter#writeInOneStatement}): each round trip to PostgreSQL costs both
 * sides a wake-up, which on a small machine is much of what recording costs. Made at start ({@code @Context}), so a
 * codec that cannot load stops the service with its reason instead of failing the first decision.
 */
@Context
public class DecisionRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);
    private static final int MOST_PER_COMMIT = 200;

    private final DecisionWriter store;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(20_000);
    private final List<Thread> writers = new ArrayList<>();
    /** Each writer's batch while it writes it, null between batches: what {@link #timeOut} looks at. */
    private final AtomicReferenceArray<List<Pending>> writing;
    private final long timeoutNanos;
    private final Thread timeouts;
    private final Timer recording;
    private final Timer batchWrite;
    private final DistributionSummary batchSize;
    private volatile boolean running = true;

    /**
     * {@code committed} completes true once written, false when refused for want of room (nothing written);
     * {@code queuedAt} is when it was handed over ({@link System#nanoTime}).
     */
    private record Pending(DecisionRow row, CompletableFuture<Boolean> committed, long queuedAt) {
    }

    public DecisionRecorder(DecisionWriter store, ChorusConfiguration configuration, MeterRegistry meters) {
        this.store = store;
        // What recording adds to a decision's latency, split into its parts: an operator reading a slow p99 sees
        // whether it is the wait for a writer (the queue) or the database (the batch's statement and commit).
        this.recording = DecisionMetrics.recentPercentiles(Timer.builder("chorus.audit.recording")
                .description("From a decision handed to the recorder to its commit (or refusal): queue and write"))
                .register(meters);
        this.batchWrite = DecisionMetrics.recentPercentiles(Timer.builder("chorus.audit.batch.write")
                .description("Writing one batch of decisions: its statements and commit"))
                .register(meters);
        this.batchSize = DistributionSummary.builder("chorus.audit.batch.size")
                .description("Decisions committed together (group commit)")
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticExpiry(DecisionMetrics.WINDOW)
                .distributionStatisticBufferLength(3)
                .register(meters);
        DecisionAnswers.requireCodec();
        Duration timeout = configuration.audit().getRecordTimeout();
        if (timeout == null || timeout.toMillis() < 1) {
            throw new ConfigurationException("chorus.audit.record-timeout (CHORUS_AUDIT_RECORD_TIMEOUT): " + timeout
                    + " is no time to wait for a commit; give one such as 10s");
        }
        this.timeoutNanos = timeout.toNanos();
        int count = Math.max(1, configuration.audit().getWriters());
        this.writing = new AtomicReferenceArray<>(count);
        for (int i = 0; i < count; i++) {
            int slot = i;
            Thread writer = new Thread(() -> writeBatches(slot), "chorus-decision-recorder-" + (i + 1));
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
        // A tenth of the timeout between looks, at most a second: a decision fails within 10-11 s by default.
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 10));
        this.timeouts = new Thread(() -> timeOutEvery(period), "chorus-decision-recorder-timeouts");
        timeouts.setDaemon(true);
        timeouts.start();
    }

    /**
     * Completes true once the decision is committed, false when the units it takes as it is recorded no longer fit
     * (nothing of it is stored: decide again on what is left); fails with {@link StoreUnavailableException} when the
     * store cannot take it within {@code chorus.audit.record-timeout} (10 s). The caller's thread does not wait for
     * the commit: a request thread parked on every decision's commit and woken again cost each decision a round of
     * thread switches on top of the writer's own, which on two shared cores was a large part of what recording added
     * to a decision's CPU.
     */
    public CompletableFuture<Boolean> record(DecisionRow row) {
        Pending pending = new Pending(row, new CompletableFuture<>(), System.nanoTime());
        try {
            if (!queue.offer(pending, 2, TimeUnit.SECONDS)) {
                throw new StoreUnavailableException(new TimeoutException("decision queue full"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        }
        // Timed out by one thread looking at every pending decision now and then (timeOut), not by a timer per
        // decision: CompletableFuture.orTimeout woke its scheduler thread for nearly every decision at 500/s (the
        // queue of timeouts was empty each time one was added), a thread switch per decision on two shared cores.
        return pending.committed().exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return CompletableFuture.failedFuture(cause instanceof RuntimeException runtime
                    && !(cause instanceof CompletionException) ? runtime : new StoreUnavailableException(cause));
        });
    }

    private void writeBatches(int slot) {
        while (running) {
            List<Pending> batch = List.of();
            try {
                Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MOST_PER_COMMIT - 1);
                writing.set(slot, batch);
                long started = System.nanoTime();
                write(batch);
                long written = System.nanoTime();
                batchWrite.record(written - started, TimeUnit.NANOSECONDS);
                batchSize.record(batch.size());
                batch.forEach(p -> recording.record(written - p.queuedAt(), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Whatever failed (an Error from native code included), this batch's callers get their answer now
                // and the writer lives on: a writer thread that died left every later decision waiting out its 10 s.
                LOG.error("Recording {} decision(s) failed", batch.size(), e);
                batch.forEach(p -> p.committed().completeExceptionally(e));
            } finally {
                writing.set(slot, null);
            }
        }
    }

    private void timeOutEvery(long periodMillis) {
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            timeOut(System.nanoTime());
        }
    }

    /**
     * Fails every decision waiting longer than the timeout: one still queued is taken out first, so it is never
     * written after its caller was told it was not; one in a batch being written may still be committed (the database
     * has it, or will), as with any answer lost on its way.
     */
    private void timeOut(long now) {
        for (Pending pending : queue) {
            if (now - pending.queuedAt() > timeoutNanos && queue.remove(pending)) {
                pending.committed().completeExceptionally(timedOut());
            }
        }
        for (int slot = 0; slot < writing.length(); slot++) {
            List<Pending> batch = writing.get(slot);
            if (batch != null) {
                batch.stream().filter(p -> now - p.queuedAt() > timeoutNanos)
                        .forEach(p -> p.committed().completeExceptionally(timedOut()));
            }
        }
    }

    private TimeoutException timedOut() {
        return new TimeoutException("not recorded within " + Duration.ofNanos(timeoutNanos));
    }

    /**
     * Commits the batch, in one statement where it can, the rest in one transaction; if the store refuses that, each
     * decision alone, so one it refuses fails only its own request, not the others that happened to share its commit.
     */
    private void write(List<Pending> batch) {
        List<Pending> left = batch;
        try {
            Set<String> notYet = store.writeInOneStatement(batch.stream().map(Pending::row).toList());
            left = batch.stream().filter(p -> notYet.contains(p.row().decisionId())).toList();
            batch.stream().filter(p -> !notYet.contains(p.row().decisionId())).forEach(p -> p.committed().complete(true));
            if (left.isEmpty()) {
                return;
            }
            Set<String> refused = store.write(left.stream().map(Pending::row).toList());
            left.forEach(p -> p.committed().complete(!refused.contains(p.row().decisionId())));
            return;
        } catch (RuntimeException e) {
            LOG.debug("Recording {} decision(s) together failed: {}", left.size(), e.toString());
            if (left.size() == 1 || StoreFailures.isUnavailable(e)) {
                // The store is away: each alone would only wait out the same timeouts, one after another.
                left.forEach(p -> p.committed().completeExceptionally(e));
                return;
            }
        }
        for (Pending pending : left) {
            try {
                pending.committed().complete(store.write(List.of(pending.row())).isEmpty());
            } catch (RuntimeException e) {
                pending.committed().completeExceptionally(e);
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
        timeouts.interrupt();
    }
}
