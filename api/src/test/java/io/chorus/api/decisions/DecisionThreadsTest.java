package io.chorus.api.decisions;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How many threads decide: one per core and one more unless an operator says otherwise; a bad setting named. */
class DecisionThreadsTest {
    @Test
    void byDefaultOneThreadPerCoreAndOneMore() {
        assertThat(DecisionThreads.count("0", 2)).isEqualTo(3);
        assertThat(DecisionThreads.count("0", 16)).isEqualTo(17);
    }

    @Test
    void anOperatorsNumberIsTaken() {
        assertThat(DecisionThreads.count(" 6 ", 2)).isEqualTo(6);
    }

    @Test
    void aSettingThatIsNoNumberOfThreadsStopsTheServiceNamingIt() {
        for (String setting : new String[] {"-1", "four", ""}) {
            assertThatThrownBy(() -> DecisionThreads.count(setting, 2))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("chorus.decisions.threads (CHORUS_DECISION_THREADS): \"" + setting + "\"");
        }
    }
}
