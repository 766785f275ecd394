package io.chorus.api.operations;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad chorus.server.max-in-flight is refused with the setting's name, not turned into a 500 on every request. */
class InFlightLimitSettingTest {

    @Test
    void aWordOrANegativeNumberIsRefusedNamingTheSetting() {
        for (String bad : new String[] {"abc", "-1", ""}) {
            assertThatThrownBy(() -> new InFlightLimit(bad, new SimpleMeterRegistry()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("chorus.server.max-in-flight (CHORUS_SERVER_MAX_IN_FLIGHT): \"" + bad + "\"");
        }
    }
}
