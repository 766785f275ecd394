package io.chorus.api.decisions;

import io.chorus.api.operations.ChorusConfiguration;
import io.chorus.api.problems.StoreUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recorder's writer threads outlive whatever a batch throws. Seen in the container image: native code that
 * could not load threw an Error on the writer's thread, the thread died, and every decision after it waited out its
 * ten seconds for a 503. Here the store throws such an Error once: that batch fails at once, the next is recorded.
 * And a store that stops answering fails the decisions waiting on it after the record timeout, without writing
 * those still queued once it answers again.
 */
class DecisionRecorderTest {
    private final AtomicInteger batches = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DecisionRecorder recorder;

    /** A store that fails the first batch it is given with an Error, as a native library that does not link does. */
    private final DecisionWriter store = new DecisionWriter(null, null) {
        @Override
        public Set<String> writeInOneStatement(List<DecisionRow> rows) {
            if (batches.incrementAndGet() == 1) {
                throw new UnsatisfiedLinkError("libpthread.so.0: cannot open shared object file");
            }
            return Set.of();
        }
    };

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.stop();
        }
    }

    @Test
    void aBatchThatThrowsAnErrorFailsAtOnceAndTheWriterRecordsTheNext() throws Exception {
        ChorusConfiguration configuration = new ChorusConfiguration();
        configuration.audit().setWriters(1);
        recorder = new DecisionRecorder(store, configuration, meters);

        CompletableFuture<Boolean> first = recorder.record(decision("0190b7a0-0000-7000-8000-000000000001"));
        assertThatThrownBy(() -> first.get(2, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StoreUnavailableException.class)
                .hasRootCauseMessage("libpthread.so.0: cannot open shared object file");

        CompletableFuture<Boolean> second = recorder.record(decision("0190b7a0-0000-7000-8000-000000000002"));
        assertThat(second.get(2, TimeUnit.SECONDS)).as("recorded by the same writer").isTrue();
        assertThat(batches).hasValue(2);
        // Timed once the batch's answers are out: the writer may still be on it when the answer arrives here.
        eventually(() -> {
            assertThat(meters.get("chorus.audit.batch.size").summary().count()).as("batches written").isEqualTo(1);
            assertThat(meters.get("chorus.audit.recording").timer().count()).as("decisions recorded").isEqualTo(1);
        });
    }

    @Test
    void decisionsWaitingOnAStoreThatStopsAnsweringFailAfterTheTimeoutAndThoseQueuedAreNeverWritten()
            throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch storeAnswers = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        DecisionWriter frozen = new DecisionWriter(null, null) {
            @Override
            public Set<String> writeInOneStatement(List<DecisionRow> rows) {
                taken.countDown();
                try {
                    storeAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                rows.forEach(row -> written.add(row.decisionId()));
                return Set.of();
            }
        };
        ChorusConfiguration configuration = new ChorusConfiguration();
        configuration.audit().setWriters(1);
        configuration.audit().setRecordTimeout(Duration.ofMillis(300));
        recorder = new DecisionRecorder(frozen, configuration, meters);

        CompletableFuture<Boolean> beingWritten = recorder.record(decision("0190b7a0-0000-7000-8000-000000000011"));
        assertThat(taken.await(2, TimeUnit.SECONDS)).as("taken by the only writer").isTrue();
        CompletableFuture<Boolean> queued = recorder.record(decision("0190b7a0-0000-7000-8000-000000000012"));
        for (CompletableFuture<Boolean> waiting : List.of(beingWritten, queued)) {
            assertThatThrownBy(() -> waiting.get(3, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class)
                    .hasRootCauseInstanceOf(TimeoutException.class)
                    .hasRootCauseMessage("not recorded within PT0.3S");
        }

        storeAnswers.countDown();
        CompletableFuture<Boolean> next = recorder.record(decision("0190b7a0-0000-7000-8000-000000000013"));
        assertThat(next.get(2, TimeUnit.SECONDS)).isTrue();
        assertThat(written).as("the queued decision, answered 503, is not stored").containsExactly(
                "0190b7a0-0000-7000-8000-000000000011", "0190b7a0-0000-7000-8000-000000000013");
    }

    @Test
    void aRecordTimeoutOfNothingStopsTheServiceNamingTheSetting() {
        ChorusConfiguration configuration = new ChorusConfiguration();
        configuration.audit().setRecordTimeout(Duration.ZERO);
        assertThatThrownBy(() -> new DecisionRecorder(store, configuration, meters))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("chorus.audit.record-timeout (CHORUS_AUDIT_RECORD_TIMEOUT): PT0S");
    }

    private static void eventually(Runnable assertion) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    private static DecisionRow decision(String decisionId) {
        return new DecisionRow(decisionId, "C-1001", false, "CALL_CENTER", Instant.parse("2026-05-20T10:00:00Z"),
                "sha256:0000", "champion", 3, "{}", "{\"actions\":[]}".getBytes(StandardCharsets.UTF_8), List.of(),
                null, null, null, null, null);
    }
}
