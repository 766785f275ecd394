package io.chorus.api.customers;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md, finding a customer: however a channel writes Sam Rivers' number, email or handle, it finds him; his identifiers are
 * stored once, in one form, and nobody else can claim them.
 */
@MicronautTest
class IdentifierLookupTest extends ApiTestBase {

    @BeforeAll
    void storeSamRivers() {
        Api.Reply created = new Api(server.getURI()).put("/v1/customers/C-1001", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void shouldDecideForSamHoweverHisIdentifiersAreWritten() {
        for (String identifier : List.of("{\"type\": \"MSISDN\", \"value\": \"07700 900001\"}",
                "{\"type\": \"MSISDN\", \"value\": \"0044 (0)7700-900-002\"}",
                "{\"type\": \"MSISDN\", \"value\": \"+44 7700 900003\"}",
                "{\"type\": \"EMAIL\", \"value\": \"SAM@EXAMPLE.COM\"}",
                "{\"type\": \"EMAIL\", \"value\": \" Sam@Example.com \"}",
                "{\"type\": \"SOCIAL\", \"value\": \"samrivers\"}",
                "{\"type\": \"SOCIAL\", \"value\": \"@SamRivers\"}",
                "{\"type\": \"ACCOUNT\", \"value\": \" BA-77 \"}")) {
            Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"identifier\": " + identifier
                    + "}, \"channel\": \"CALL_CENTER\", \"asOf\": \"" + SeedStory.DECIDE_AT + "\"}");

            assertThat(reply.status()).as(identifier + " " + reply).isEqualTo(200);
            assertThat(reply.json().get("customerId").asText()).isEqualTo("C-1001");
        }
    }

    @Test
    void shouldFindTheCustomerIdByANormalisedIdentifier() {
        for (String identifier : List.of("EMAIL:Sam@Example.com", "MSISDN:07700 900001", "MSISDN:+447700900001",
                "SOCIAL:samrivers", "STORE_CARD:SC-5521")) {
            Api.Reply reply = find(identifier);

            assertThat(reply.status()).as(identifier + " " + reply).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.json().toString()).isEqualTo("{\"customerId\":\"C-1001\"}");
        }
    }

    @Test
    void shouldStillFindSamWhenThePlusOfHisNumberArrivesUnencodedAsASpace() {
        Api.Reply reply = api.get("/v1/customers?identifier=MSISDN:+447700900001", Api.CHANNEL);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("customerId").asText()).isEqualTo("C-1001");
    }

    @Test
    void shouldAnswer404ForAnIdentifierNobodyHoldsSayingWhatWasLookedFor() {
        Api.Reply reply = find("MSISDN:07700 900999");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("detail").asText()).contains("MSISDN +447700900999");
    }

    @Test
    void shouldRefuseAMalformedIdentifierParameterNamingIt() {
        for (String malformed : List.of("sam@example.com", "FAX:0161 496 0000", "EMAIL:", "EMAIL:   ",
                "EMAIL:" + "s".repeat(120) + "@example.com", "MSISDN:07700 9OOOO1", "MSISDN:0770",
                "MSISDN:+44 7700 900001 23456")) {
            assertRefused(find(malformed), 400, "identifier");
        }
        assertRefused(api.get("/v1/customers", Api.CHANNEL), 400, "identifier");
        assertRefused(api.get("/v1/customers?identifier=EMAIL:sam@example.com&identifier=SOCIAL:samrivers",
                Api.CHANNEL), 400, "identifier");
    }

    @Test
    void shouldAskForAChannelKeyToFindACustomer() {
        assertThat(api.get("/v1/customers?identifier=ACCOUNT:BA-77", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/customers?identifier=ACCOUNT:BA-77", Api.RECORDER).status()).isEqualTo(403);
    }

    @Test
    void shouldRefuseAnotherCustomerClaimingSamsNumberWrittenDifferently() {
        Api.Reply reply = api.put("/v1/customers/C-2002", Api.RECORDER, profile("C-2002",
                "{\"type\": \"MSISDN\", \"value\": \"+44 7700 900001\"}"));

        JsonNode error = assertRefused(reply, 409, "identifiers[0]");
        assertThat(error.get("message").asText()).isEqualTo("MSISDN +447700900001 already belongs to customer C-1001");
        assertThat(api.get("/v1/customers/C-2002/context", Api.CHANNEL).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAnMsisdnThatCannotBeAPhoneNumberNamingTheField() {
        assertRefused(api.put("/v1/customers/C-3003", Api.RECORDER, profile("C-3003",
                "{\"type\": \"EMAIL\", \"value\": \"owen@example.com\"}",
                "{\"type\": \"MSISDN\", \"value\": \"07700 9OO89O\"}")), 400, "identifiers[1].value");
        assertRefused(api.put("/v1/customers/C-3003", Api.RECORDER, profile("C-3003",
                "{\"type\": \"MSISDN\", \"value\": \"+44 7700 900890 12345\"}")), 400, "identifiers[0].value");
        assertRefused(api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"identifier\": {\"type\": \"MSISDN\", "
                + "\"value\": \"seven seven double-oh\"}}, \"channel\": \"WEB\"}"), 400, "customer.identifier.value");

        Api.Reply event = api.post("/v1/events", Api.RECORDER, "{\"eventId\": \"N-1\", \"customer\": {\"identifier\": "
                + "{\"type\": \"MSISDN\", \"value\": \"0770\"}}, \"type\": \"SURVEY_RESPONDED\", "
                + "\"at\": \"2026-05-01T10:00:00Z\", \"score\": 7}");
        JsonNode error = assertRefused(event, 400, "customer.identifier.value");
        assertThat(error.get("index").asInt()).isZero();
        assertThat(error.get("eventId").asText()).isEqualTo("N-1");
    }

    @Test
    void shouldStoreIdentifiersNormalisedAndEachOnce() {
        Api.Reply created = api.put("/v1/customers/C-4004", Api.RECORDER, profile("C-4004",
                "{\"type\": \"MSISDN\", \"value\": \"07700 900404\"}",
                "{\"type\": \"MSISDN\", \"value\": \"+44 (0)7700 900404\"}",
                "{\"type\": \"EMAIL\", \"value\": \" Helen.Marsh@Example.com\"}",
                "{\"type\": \"SOCIAL\", \"value\": \"HelenMarsh\"}",
                "{\"type\": \"STORE_CARD\", \"value\": \"SC-8804 \"}"));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String expected = "[{\"type\":\"MSISDN\",\"value\":\"+447700900404\"},"
                + "{\"type\":\"EMAIL\",\"value\":\"helen.marsh@example.com\"},"
                + "{\"type\":\"SOCIAL\",\"value\":\"@helenmarsh\"},{\"type\":\"STORE_CARD\",\"value\":\"SC-8804\"}]";
        assertThat(created.json().get("identifiers").toString()).isEqualTo(expected);
        assertThat(api.get("/v1/customers/C-4004/context", Api.CHANNEL).json().get("identifiers").toString())
                .isEqualTo(expected);
        assertThat(find("MSISDN:07700900404").json().get("customerId").asText()).isEqualTo("C-4004");
    }

    @Test
    void shouldApplyAnEventToTheCustomerItNamesByANationalNumber() {
        Api.Reply applied = api.post("/v1/events", Api.RECORDER, "{\"eventId\": \"N-2\", \"customer\": {\"identifier\": "
                + "{\"type\": \"MSISDN\", \"value\": \"07700 900002\"}}, \"type\": \"SURVEY_RESPONDED\", "
                + "\"at\": \"2026-05-02T10:00:00Z\", \"channel\": \"SMS\", \"score\": 3}");

        assertThat(applied.status()).as(applied.toString()).isEqualTo(200);
        assertThat(applied.json().at("/events/0/customerId").asText()).isEqualTo("C-1001");
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).json().get("surveys").findValuesAsText("at"))
                .contains("2026-05-02T10:00:00Z");
    }

    @Test
    void shouldGiveANumberClaimedConcurrentlyToExactlyOneCustomer() throws Exception {
        List<String> forms = List.of("07700 900555", "+447700900555", "0044 7700 900555", "+44 (0)7700-900555",
                "447700900555", "(07700) 900 555");
        ExecutorService pool = Executors.newFixedThreadPool(forms.size());
        List<Future<Api.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < forms.size(); i++) {
                String id = "C-55" + i;
                String body = profile(id, "{\"type\": \"MSISDN\", \"value\": \"" + forms.get(i) + "\"}");
                replies.add(pool.submit(() -> api.put("/v1/customers/" + id, Api.RECORDER, body)));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Api.Reply> reply : replies) {
                statuses.add(reply.get().status());
            }
            assertThat(statuses).as(statuses.toString()).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        String owner = find("MSISDN:07700900555").json().get("customerId").asText();
        for (int i = 0; i < forms.size(); i++) {
            int expected = ("C-55" + i).equals(owner) ? 200 : 404;
            assertThat(api.get("/v1/customers/C-55" + i + "/context", Api.CHANNEL).status()).isEqualTo(expected);
        }
    }

    private Api.Reply find(String identifier) {
        return api.get("/v1/customers?identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8),
                Api.CHANNEL);
    }

    private static String profile(String customerId, String... identifiers) {
        return "{\"customerId\": \"" + customerId + "\", \"name\": \"Someone Else\", \"segment\": \"CONSUMER\", "
                + "\"identifiers\": [" + String.join(", ", identifiers) + "]}";
    }

    /** A problem document of that status whose errors name {@code field}; answers that error. */
    private static JsonNode assertRefused(Api.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        for (JsonNode error : reply.json().path("errors")) {
            if (field.equals(error.path("field").asText())) {
                return error;
            }
        }
        throw new AssertionError("no error names " + field + ": " + reply);
    }
}
