package io.chorus.engine.context;

import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/api.md, "Limits", held by the context document itself, so {@code chorus decide}, the simulator and
 * the service refuse the same documents, each problem at its field.
 */
class ContextLimitsTest {

    @Test
    void sendsOnAnOutboundChannelNeverFillTheHistoryPastItsLimitTheOldestFallOff() {
        CustomerContext customer = ContextJson.parse("{\"customerId\": \"C-1\", \"segment\": \"CONSUMER\"}".getBytes());
        java.time.Instant first = java.time.Instant.parse("2026-01-01T08:00:00Z");
        for (int day = 0; day < 230; day++) {
            customer = customer.withContacts(java.util.List.of(new ContactRecord("D-" + day, "A-" + day,
                    ActionType.RETENTION_OFFER, Channel.EMAIL, first.plus(java.time.Duration.ofDays(day)),
                    ContactOutcome.SENT, "retention:CONSUMER_LOYALTY_15", "15% off")));
        }

        assertThat(customer.contactHistory()).hasSize(200);
        assertThat(customer.contactHistory().get(0).decisionId()).isEqualTo("D-30");
        assertThat(customer.contactHistory().get(199).decisionId()).isEqualTo("D-229");
        assertThat(ContextJson.parse(ContextJson.write(customer).getBytes()).contactHistory()).hasSize(200);
    }
    private static final String BARE = "\"customerId\": \"C-1\", \"segment\": \"CONSUMER\"";

    @Test
    void aDuplicatedKeyIsRefusedAtItsPath() {
        assertProblem("{" + BARE + ", \"accounts\": [{\"accountId\": \"A\", \"status\": \"ACTIVE\", \"status\": \"CLOSED\"}]}",
                "accounts[0].status", "duplicate key");
    }

    @Test
    void twoConcatenatedDocumentsAreRefused() {
        assertProblem("{" + BARE + "} {" + BARE + "}", "", "exactly one JSON value");
    }

    @Test
    void anEpochNumberIsNotATimestamp() {
        assertProblem("{" + BARE + ", \"surveys\": [{\"at\": 1773140400, \"score\": 9}]}",
                "surveys[0].at", "a timestamp with offset");
    }

    @Test
    void aTimestampBeyondTheYear9999IsRefused() {
        assertProblem("{" + BARE + ", \"surveys\": [{\"at\": \"+300000-01-01T00:00:00Z\", \"score\": 9}]}",
                "surveys[0].at", "between the years 1900 and 9999");
        assertProblem("{" + BARE + ", \"accounts\": [{\"accountId\": \"A\", \"status\": \"ACTIVE\", \"openedAt\": \"1899-12-31\"}]}",
                "accounts[0].openedAt", "between the years 1900 and 9999");
    }

    @Test
    void aDateWrittenAsAnArrayIsRefused() {
        assertProblem("{" + BARE + ", \"accounts\": [{\"accountId\": \"A\", \"status\": \"ACTIVE\", \"openedAt\": [2019, 2, 1]}]}",
                "accounts[0].openedAt", "a date, like 2026-03-10");
    }

    @Test
    void aChargeOfMoreThanTwoDecimalsOrOfAnAstronomicalSizeOrNegativeIsRefused() {
        assertProblem(charge("12.505"), "charges[0].amount", "at most 2 decimals");
        assertProblem(charge("1e308"), "charges[0].amount", "at most 999999999.99");
        assertProblem(charge("1e999999999"), "charges[0].amount", "at most 999999999.99");
        assertProblem(charge("-500.00"), "charges[0].amount", "must not be negative");
    }

    @Test
    void aChargeWrittenWithTrailingZerosIsTheSameMoney() {
        CustomerContext context = ContextJson.parse(charge("12.500"));

        assertThat(context.charges().get(0).amount()).isEqualByComparingTo("12.50");
    }

    @Test
    void aNulCharacterInAnyTextIsRefusedNamingTheField() {
        assertProblem("{" + BARE + ", \"name\": \"Sam\\u0000Rivers\"}", "name", "NUL");
        assertProblem("{" + BARE + ", \"interactions\": [{\"at\": \"2026-03-10T11:05:00Z\", \"channel\": \"EMAIL\", "
                + "\"note\": \"x\\u0000\"}]}", "interactions[0].note", "NUL");
    }

    @Test
    void anIdOfMoreThan128CharactersIsRefused() {
        assertProblem("{\"customerId\": \"" + "C".repeat(129) + "\", \"segment\": \"CONSUMER\"}", "customerId",
                "at most 128 characters, was 129");
    }

    @Test
    void aNoteOfMoreThan4096CharactersIsRefused() {
        assertProblem("{" + BARE + ", \"interactions\": [{\"at\": \"2026-03-10T11:05:00Z\", \"channel\": \"EMAIL\", "
                + "\"note\": \"" + "n".repeat(4097) + "\"}]}", "interactions[0].note", "at most 4,096 characters");
    }

    @Test
    void aLoneSurrogateIsNotText() {
        assertProblem("{" + BARE + ", \"name\": \"Sam \\ud800\"}", "name", "lone surrogate");
    }

    @Test
    void aListLongerThanADecisionCanAffordIsRefusedNamingTheList() {
        String survey = "{\"at\": \"2026-03-10T14:00:00Z\", \"channel\": \"SMS\", \"score\": 10}";
        String surveys = String.join(",", java.util.Collections.nCopies(21, survey));

        assertProblem("{" + BARE + ", \"surveys\": [" + surveys + "]}", "surveys", "at most 20 items, was 21");
    }

    @Test
    void aStoredRecordMayHoldALongerContactHistoryThanADocumentSent() {
        String contact = "{\"decisionId\": \"d-1\", \"actionId\": \"a-1\", \"actionType\": \"CREDIT\", "
                + "\"channel\": \"EMAIL\", \"at\": \"2026-05-02T08:00:00Z\", \"outcome\": \"SENT\"}";
        String json = "{" + BARE + ", \"contactHistory\": [" + String.join(",",
                java.util.Collections.nCopies(201, contact)) + "]}";
        CustomerContext stored = ContextJson.parseStored(json);

        assertThat(ContextValidator.validate(stored)).extracting(FieldProblem::field).containsExactly("contactHistory");
        assertThat(ContextValidator.validateRecord(stored)).isEmpty();
    }

    private static String charge(String amount) {
        return "{" + BARE + ", \"charges\": [{\"chargeId\": \"CH-1\", \"billMonth\": \"2026-04\", \"amount\": " + amount
                + ", \"kind\": \"USAGE\", \"status\": \"BILLED\"}]}";
    }

    private static void assertProblem(String json, String field, String says) {
        assertThatThrownBy(() -> ContextJson.parse(json))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.field()).isEqualTo(field);
                            assertThat(p.message()).contains(says);
                        }));
    }
}
