package io.chorus.api.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Both seed stories (shared/seeds) as the systems of record would tell them: Sam Rivers' profile before the
 * renewal on 10 March, then every event in order. Played through the API they must leave exactly the context
 * of rules/customers/sam-rivers.json.
 */
public final class SeedStory {
    public static final String CUSTOMER_ID = "C-1001";
    public static final String DECIDE_AT = "2026-05-20T10:00:00Z";

    private SeedStory() {
    }

    /** The profile as it stood before the store visit: three handsets and the tablet SIM, 114.50 a month. */
    public static final String PROFILE_BEFORE_RENEWAL = """
            {"customerId": "C-1001", "name": "Sam Rivers", "segment": "BUSINESS",
             "identifiers": [
               {"type": "ACCOUNT", "value": "BA-77"},
               {"type": "MSISDN", "value": "+447700900001"},
               {"type": "MSISDN", "value": "+447700900002"},
               {"type": "MSISDN", "value": "+447700900003"},
               {"type": "EMAIL", "value": "sam@example.com"},
               {"type": "SOCIAL", "value": "@samrivers"},
               {"type": "STORE_CARD", "value": "SC-5521"}],
             "consents": {"EMAIL": true, "SMS": true, "LETTER": true, "SOCIAL": true},
             "accounts": [{"accountId": "BA-77", "status": "ACTIVE", "openedAt": "2019-02-01",
                           "contractEnd": "2028-03-10", "monthlyCommitment": 114.50}],
             "subscriptions": [
               {"subscriptionId": "S-1", "accountId": "BA-77", "kind": "VOICE", "device": "HANDSET", "status": "ACTIVE", "activatedAt": "2019-02-01"},
               {"subscriptionId": "S-2", "accountId": "BA-77", "kind": "VOICE", "device": "HANDSET", "status": "ACTIVE", "activatedAt": "2019-02-01"},
               {"subscriptionId": "S-3", "accountId": "BA-77", "kind": "VOICE", "device": "HANDSET", "status": "ACTIVE", "activatedAt": "2020-06-15"},
               {"subscriptionId": "S-4", "accountId": "BA-77", "kind": "DATA_ONLY", "device": "TABLET", "status": "ACTIVE", "activatedAt": "2022-05-01"}]}
            """;

    private static final String SAM = "\"customer\": {\"id\": \"C-1001\"}";

    /** Story 1 (the SIM removed in store and still billed) and story 2 (the music bundle), interleaved in time. */
    public static final List<String> EVENTS = List.of(
            event("E-01", "CONTRACT_RENEWED", "2026-03-10T10:40:00Z", "STORE",
                    "\"accountId\": \"BA-77\", \"monthlyDelta\": 0.00"),
            event("E-02", "PROMOTION_ENROLLED", "2026-03-10T10:40:00Z", "STORE",
                    "\"promotionId\": \"MUSIC_PREMIUM_BUNDLE\", \"partnerPlan\": \"PAID_PREMIUM\", \"partnerMonthlyFee\": 9.99"),
            event("E-03", "LINE_ADDED", "2026-03-10T10:45:00Z", "STORE",
                    "\"accountId\": \"BA-77\", \"subscriptionId\": \"S-6\", \"kind\": \"DATA_ONLY\", \"device\": \"TABLET\", \"monthlyDelta\": 22.00"),
            event("E-04", "LINE_ADDED", "2026-03-10T10:46:00Z", "STORE",
                    "\"accountId\": \"BA-77\", \"subscriptionId\": \"S-7\", \"kind\": \"MIFI\", \"device\": \"MIFI\", \"monthlyDelta\": 18.00"),
            event("E-05", "LINE_REMOVED", "2026-03-10T10:50:00Z", "STORE",
                    "\"accountId\": \"BA-77\", \"subscriptionId\": \"S-4\", \"monthlyDelta\": -12.50"),
            event("E-06", "INTERACTION", "2026-03-10T11:05:00Z", "EMAIL",
                    "\"topic\": \"PRAISE\", \"note\": \"Thanked the store team for the renewal\""),
            event("E-07", "SURVEY_RESPONDED", "2026-03-10T14:00:00Z", "SMS", "\"score\": 10"),
            event("E-08", "CHARGE_BILLED", "2026-04-01T00:00:00Z", null,
                    "\"chargeId\": \"CH-8\", \"accountId\": \"BA-77\", \"subscriptionId\": \"S-1\", \"billMonth\": \"2026-04\", \"amount\": 38.00, \"kind\": \"RECURRING\""),
            event("E-09", "CHARGE_BILLED", "2026-04-01T00:00:00Z", null,
                    "\"chargeId\": \"CH-9\", \"accountId\": \"BA-77\", \"subscriptionId\": \"S-4\", \"billMonth\": \"2026-04\", \"amount\": 12.50, \"kind\": \"RECURRING\""),
            event("E-10", "INTERACTION", "2026-04-12T09:00:00Z", "STORE",
                    "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"Charged for the tablet SIM removed on 10 March; store promised a correction\""),
            event("E-11", "CASE_OPENED", "2026-04-12T09:00:00Z", "STORE",
                    "\"caseId\": \"K-1\", \"topic\": \"BILLING_DISPUTE\", \"subscriptionId\": \"S-4\", \"summary\": \"Charged for removed SIM\""),
            event("E-12", "CHARGE_BILLED", "2026-05-01T00:00:00Z", null,
                    "\"chargeId\": \"CH-10\", \"accountId\": \"BA-77\", \"subscriptionId\": \"S-4\", \"billMonth\": \"2026-05\", \"amount\": 12.50, \"kind\": \"RECURRING\""),
            event("E-13", "INTERACTION", "2026-05-04T18:20:00Z", "WEB",
                    "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"Wrote to online support: May bill still charges the removed SIM\""),
            event("E-14", "INTERACTION", "2026-05-08T12:00:00Z", "CALL_CENTER",
                    "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"45 minutes on the helpline, story told again\""),
            event("E-15", "INTERACTION", "2026-05-12T08:30:00Z", "SOCIAL",
                    "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"Complained on Twitter\""),
            event("E-16", "CHARGE_CREDITED", "2026-05-15T16:00:00Z", null, "\"chargeId\": \"CH-10\""),
            event("E-17", "INTERACTION", "2026-05-15T16:00:00Z", "EMAIL",
                    "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"Social team credited May; refused April because usage was made that month\""));

    public static String event(String eventId, String type, String at, String channel, String fields) {
        return "{\"eventId\": \"" + eventId + "\", " + SAM + ", \"type\": \"" + type + "\", \"at\": \"" + at + "\""
                + (channel == null ? "" : ", \"channel\": \"" + channel + "\"")
                + (fields.isEmpty() ? "" : ", " + fields) + "}";
    }

    /** The story's question on a channel, as a preview: asking it never changes the story (no send recorded). */
    public static String decisionRequest(String channel) {
        return "{\"customer\": {\"id\": \"C-1001\"}, \"channel\": \"" + channel + "\", \"asOf\": \"" + DECIDE_AT
                + "\", \"preview\": true}";
    }

    /** The same question asked for real: the decision is recorded, so outcomes can refer to it. */
    public static String recordedDecisionRequest(String channel) {
        return "{\"customer\": {\"id\": \"C-1001\"}, \"channel\": \"" + channel + "\", \"asOf\": \"" + DECIDE_AT + "\"}";
    }

    /** rules/customers/sam-rivers.json: the context the stories must leave behind. */
    public static Path seedCustomerFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("rules/customers/sam-rivers.json");
            if (Files.exists(file)) {
                return file;
            }
        }
        throw new IllegalStateException("rules/customers/sam-rivers.json not found above " + Path.of("").toAbsolutePath());
    }
}
