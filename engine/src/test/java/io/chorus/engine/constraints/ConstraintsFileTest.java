package io.chorus.engine.constraints;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.rules.RuleProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysts' constraints.yaml: read as written, every mistake at its line. */
class ConstraintsFileTest {

    @Test
    void aCountAndABudgetAreReadWithWhatTheyCount() {
        ConstraintsFile.Read read = ConstraintsFile.read("constraints.yaml", """
                constraints:
                  - name: retention-letters
                    channel: LETTER
                    type: RETENTION_OFFER
                    period: DAY
                    limit: 400
                  - name: business-account-reviews
                    key: retention:BUSINESS_ACCOUNT_REVIEW
                    period: WEEK
                    cost: 35.00
                    budget: 7000.00
                """);

        assertThat(read.problems()).isEmpty();
        VolumeConstraint letters = read.constraints().get(0);
        assertThat(letters.counts(Channel.LETTER, ActionType.RETENTION_OFFER, "retention:CONSUMER_LOYALTY_15")).isTrue();
        assertThat(letters.counts(Channel.EMAIL, ActionType.RETENTION_OFFER, "retention:CONSUMER_LOYALTY_15")).isFalse();
        assertThat(letters.units()).isEqualByComparingTo("1");
        VolumeConstraint reviews = read.constraints().get(1);
        assertThat(reviews.counts(Channel.STORE, ActionType.RETENTION_OFFER, "retention:BUSINESS_ACCOUNT_REVIEW")).isTrue();
        assertThat(reviews.units()).isEqualByComparingTo("35.00");
        assertThat(reviews.capacity()).isEqualByComparingTo("7000.00");
    }

    @Test
    void anUnknownFieldADuplicateNameAndABadValueAreErrorsAtTheirLines() {
        ConstraintsFile.Read read = ConstraintsFile.read("constraints.yaml", """
                constraints:
                  - name: retention-letters
                    channel: POST
                    period: DAY
                    limit: 400
                  - name: retention-letters
                    period: DAY
                    limit: 10
                  - name: call-backs
                    period: FORTNIGHT
                    limit: -5
                    perDay: 3
                """);

        assertThat(read.problems()).extracting(RuleProblem::line, RuleProblem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(3, "unknown value \"POST\" (expected one of STORE, CALL_CENTER, WEB, APP, SOCIAL, EMAIL, SMS, LETTER)"),
                org.assertj.core.groups.Tuple.tuple(10, "unknown value \"FORTNIGHT\" (expected one of DAY, WEEK)"),
                org.assertj.core.groups.Tuple.tuple(11, "limit must be more than 0, was -5"),
                org.assertj.core.groups.Tuple.tuple(12, "unknown field \"perDay\" (expected name, channel, type, key, period, limit, cost, budget)"));
        assertThat(read.problems()).allMatch(RuleProblem::isError);
    }

    @Test
    void aNameUsedTwiceIsAnErrorAtTheSecond() {
        ConstraintsFile.Read read = ConstraintsFile.read("constraints.yaml", """
                constraints:
                  - {name: call-backs, period: DAY, limit: 10}
                  - {name: call-backs, period: WEEK, limit: 50}
                """);

        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("\"call-backs\" is used twice");
        });
        assertThat(read.constraints()).hasSize(1);
    }

    @Test
    void aCostOrBudgetFinerThanAPennyIsAnErrorAtItsLine() {
        ConstraintsFile.Read read = ConstraintsFile.read("constraints.yaml", """
                constraints:
                  - name: sms-credit-notices
                    channel: SMS
                    period: DAY
                    cost: 0.125
                    budget: 500.00
                  - name: specialist-time
                    period: WEEK
                    cost: 35.00
                    budget: 7000.001
                """);

        assertThat(read.problems()).extracting(RuleProblem::line, RuleProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, "cost is money: at most two decimals, was 0.125"),
                org.assertj.core.groups.Tuple.tuple(10, "budget is money: at most two decimals, was 7000.001"));
        assertThat(read.constraints()).isEmpty();
    }
}
