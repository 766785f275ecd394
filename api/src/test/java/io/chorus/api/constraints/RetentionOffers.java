package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.RuleSetFolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the constraint tests deploy (the retention letters limited) and read from answers (whether a retention offer
 * was shown, a constraint's line).
 */
final class RetentionOffers {
    private RetentionOffers() {
    }

    /**
     * The default rule set with its retention letters limited to {@code limit} a day, and the scenario that shows
     * that limit biting saying so.
     */
    static RuleSetFolder retentionLettersADay(int limit) {
        return RuleSetFolder.defaultRules()
                .edit("constraints.yaml", "    period: DAY\n    limit: 400", "    period: DAY\n    limit: " + limit)
                .edit("scenarios/retention-letter-held-back-when-the-days-letters-are-used-up.yaml", "(400 a day)",
                        "(" + limit + " a day)");
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
