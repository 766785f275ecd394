package io.chorus.api.customers;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator in Ireland configures its own default country; international numbers keep theirs. */
@MicronautTest
class DefaultCountryTest extends ApiTestBase {

    @Override
    protected Map<String, String> moreProperties() {
        // As YAML reads an unquoted +353: the number, without its plus.
        return Map.of("chorus.identifiers.default-country-code", "353");
    }

    @Test
    void shouldPlaceANationalNumberInTheConfiguredCountry() {
        Api.Reply created = api.put("/v1/customers/C-IE-1", Api.RECORDER, "{\"segment\": \"CONSUMER\", "
                + "\"identifiers\": [{\"type\": \"MSISDN\", \"value\": \"085 123 4567\"}, "
                + "{\"type\": \"MSISDN\", \"value\": \"+44 7700 900001\"}]}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("identifiers").findValuesAsText("value"))
                .containsExactly("+353851234567", "+447700900001");
        assertThat(api.get("/v1/customers?identifier=MSISDN:0851234567", Api.CHANNEL).json().get("customerId").asText())
                .isEqualTo("C-IE-1");
    }
}
