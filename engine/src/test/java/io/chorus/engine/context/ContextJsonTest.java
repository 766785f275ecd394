package io.chorus.engine.context;

import io.chorus.engine.Fixtures;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextJsonTest {

    @Test
    void seedCustomerReadsEveryPartOfTheUnifiedView() {
        CustomerContext sam = Fixtures.samRivers();

        assertThat(sam.customerId()).isEqualTo("C-1001");
        assertThat(sam.segment()).isEqualTo(Segment.BUSINESS);
        assertThat(sam.identifiers()).contains(new Identifier(IdentifierType.SOCIAL, "@samrivers"));
        assertThat(sam.consents()).containsEntry(Channel.LETTER, true);
        assertThat(sam.subscriptions()).anySatisfy(s -> {
            assertThat(s.subscriptionId()).isEqualTo("S-4");
            assertThat(s.status()).isEqualTo(SubscriptionStatus.REMOVED);
        });
        assertThat(sam.charges()).extracting(Charge::amount).contains(new BigDecimal("12.50"));
        assertThat(sam.promotions()).singleElement().extracting(Promotion::partnerPlan).isEqualTo(PartnerPlan.PAID_PREMIUM);
    }

    @Test
    void writtenContextReadsBackTheSameAndKeepsMoneyAtTwoDecimals() {
        CustomerContext sam = Fixtures.samRivers();

        String json = ContextJson.write(sam);

        assertThat(ContextJson.parse(json)).isEqualTo(sam);
        assertThat(json).contains("\"amount\":12.50").contains("\"at\":\"2026-03-10T10:40:00Z\"")
                .contains("\"billMonth\":\"2026-04\"").contains("\"openedAt\":\"2019-02-01\"");
    }

    @Test
    void absentListsAreEmptyNotNull() {
        CustomerContext bare = ContextJson.parse("{\"customerId\": \"C-1\", \"segment\": \"CONSUMER\"}");

        assertThat(bare.charges()).isEmpty();
        assertThat(bare.contactHistory()).isEmpty();
        assertThat(bare.consents()).isEmpty();
    }

    @Test
    void unknownEnumValueIsNamedByItsFieldPath() {
        String json = "{\"customerId\": \"C-1\", \"segment\": \"CONSUMER\", \"accounts\": [{\"accountId\": \"A\", \"status\": \"OPEN\"}]}";

        assertThatThrownBy(() -> ContextJson.parse(json))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.problems())
                        .singleElement().hasToString("accounts[0].status: unknown value \"OPEN\" (expected one of ACTIVE, SUSPENDED, CLOSED)"));
    }

    @Test
    void timestampWithoutOffsetIsRefusedWithTheFormatExpected() {
        String json = "{\"customerId\": \"C-1\", \"segment\": \"CONSUMER\", \"surveys\": [{\"at\": \"2026-03-10T14:00:00\", \"score\": 9}]}";

        assertThatThrownBy(() -> ContextJson.parse(json))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.problems().get(0))
                        .extracting(FieldProblem::field).isEqualTo("surveys[0].at"));
    }

    @Test
    void everyMissingRequiredFieldIsReportedAtOnce() {
        String json = "{\"segment\": \"CONSUMER\", \"charges\": [{\"chargeId\": \"CH-1\", \"billMonth\": \"2026-04\", \"kind\": \"USAGE\", \"status\": \"BILLED\"}],"
                + " \"surveys\": [{\"at\": \"2026-03-10T14:00:00Z\", \"score\": 11}], \"cases\": [null]}";

        assertThatThrownBy(() -> ContextJson.parse(json))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> assertThat(e.problems())
                        .extracting(FieldProblem::toString)
                        .containsExactly("customerId: required", "charges[0].amount: required",
                                "cases[0]: must not be null", "surveys[0].score: must be between 0 and 10, was 11"));
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        assertThatThrownBy(() -> ContextJson.parse("{\n\"customerId\": \"C-1\",\n\"segment\": }"))
                .isInstanceOfSatisfying(InvalidDocumentException.class, e -> {
                    assertThat(e.problems().get(0).message()).startsWith("malformed JSON");
                    assertThat(e.problems().get(0).line()).isEqualTo(3);
                });
    }

    @Test
    void removedLineWithoutEndDateIsRefused() {
        String json = "{\"customerId\": \"C-1\", \"segment\": \"CONSUMER\", \"subscriptions\": [{\"subscriptionId\": \"S-1\", \"kind\": \"VOICE\", \"status\": \"REMOVED\"}]}";

        assertThatThrownBy(() -> ContextJson.parse(json))
                .hasMessage("subscriptions[0].endedAt: required when status is REMOVED");
    }
}
