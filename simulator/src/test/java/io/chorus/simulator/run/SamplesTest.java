package io.chorus.simulator.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SamplesTest {

    @Test
    void keepsTheFirstItemsInPopulationOrderWhateverOrderTheyArriveIn() {
        Samples<String> sample = new Samples<>(3);
        for (long ordinal : new long[]{9, 4, 7, 1, 8, 3}) {
            sample.offer(ordinal, () -> "C-" + ordinal);
        }

        assertThat(sample.values()).containsExactly("C-1", "C-3", "C-4");
    }

    @Test
    void mergingTwoThreadsSamplesKeepsTheFirstOfBoth() {
        Samples<String> one = new Samples<>(2);
        Samples<String> two = new Samples<>(2);
        one.offer(5, () -> "C-5");
        one.offer(2, () -> "C-2");
        two.offer(1, () -> "C-1");
        two.offer(9, () -> "C-9");

        one.merge(two);

        assertThat(one.values()).containsExactly("C-1", "C-2");
    }

    @Test
    void buildsOnlyTheItemsItKeeps() {
        Samples<String> sample = new Samples<>(1);
        sample.offer(1, () -> "C-1");

        sample.offer(2, () -> {
            throw new AssertionError("a later customer must not be built once the sample is full");
        });

        assertThat(sample.values()).containsExactly("C-1");
    }
}
