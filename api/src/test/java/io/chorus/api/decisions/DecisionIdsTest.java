package io.chorus.api.decisions;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision ids are version 7 UUIDs: unique, and in the order they were made, so the audit's index stays compact. */
class DecisionIdsTest {
    @Test
    void anIdIsAVersionSevenUuidCarryingTheMillisecondItWasMade() {
        long before = System.currentTimeMillis();
        UUID id = UUID.fromString(DecisionService.decisionId());
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void idsMadeLaterSortLaterAndNoneRepeats() throws InterruptedException {
        Set<String> seen = new HashSet<>();
        String previous = null;
        for (int millisecond = 0; millisecond < 20; millisecond++) {
            String first = null;
            for (int i = 0; i < 5_000; i++) {
                String id = DecisionService.decisionId();
                assertThat(seen.add(id)).as("unique: %s", id).isTrue();
                first = first == null ? id : first;
            }
            if (previous != null) {
                assertThat(first).as("made after %s", previous).isGreaterThan(previous);
            }
            previous = DecisionService.decisionId();
            Thread.sleep(2);
        }
        assertThat(Instant.ofEpochMilli(UUID.fromString(previous).getMostSignificantBits() >>> 16))
                .isAfter(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
