package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;

import static org.assertj.core.api.Assertions.assertThat;

/** What the constraint tests read from answers: whether a retention offer was shown, and a constraint's line. */
final class RetentionOffers {
    private RetentionOffers() {
    }

    static boolean offered(JsonNode decision) {
        return decision.get("actions").findValuesAsText("type").contains("RETENTION_OFFER");
    }

    /** The constraint's line of GET /v1/constraints, as an analyst reads it. */
    static JsonNode constraint(Api instance, String name) {
        Api.Reply reply = instance.get("/v1/constraints", Api.ANALYST);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        for (JsonNode c : reply.json()) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(name + " not in " + reply.body());
    }
}
