package io.chorus.engine.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DrlTextTest {
    private static final String DRL = """
            package chorus.rules;

            // rule "Commented out" is not a rule
            rule "Credit a removed line"
            when
                Subscription( status == SubscriptionStatus.REMOVED,
                              kind == SubscriptionKind.SIM )
            then
                insert( Proposal.of( kcontext, ActionType.CREDIT, "removed // not a comment" ) );
            end

            rule 'Second'
            when
                /* Subscription( status == SubscriptionStatus.REMOVED ) */
                Charge()
            then
            end
            """;

    @Test
    void ruleIsFoundAtItsOwnLineWhateverQuotesItUses() {
        assertThat(DrlText.ruleLine(DRL, "Credit a removed line")).isEqualTo(4);
        assertThat(DrlText.ruleLine(DRL, "Second")).isEqualTo(12);
        assertThat(DrlText.ruleLine(DRL, "Commented out")).isZero();
        assertThat(DrlText.ruleNames(DRL)).containsExactly("Credit a removed line", "Second");
    }

    @Test
    void textIsFoundWhateverItsWhitespaceButNotInComments() {
        assertThat(DrlText.linesOf(DRL, "status == SubscriptionStatus.REMOVED, kind == SubscriptionKind.SIM"))
                .containsExactly(6);
        assertThat(DrlText.linesOf(DRL, "status==SubscriptionStatus.REMOVED")).containsExactly(6);
    }

    @Test
    void codeOnlyBlanksCommentsAndStringsButKeepsLines() {
        String code = DrlText.codeOnly(DRL);

        assertThat(code).hasSameSizeAs(DRL).doesNotContain("not a comment").doesNotContain("Commented out")
                .doesNotContain("/* Subscription").contains("ActionType.CREDIT");
        assertThat(code.lines().count()).isEqualTo(DRL.lines().count());
    }

    @Test
    void unresolvedNameIsFoundWithinItsRule() {
        assertThat(DrlText.identifierLine(DRL, 4, "kcontext")).isEqualTo(9);
        assertThat(DrlText.identifierLine(DRL, 12, "kcontext")).isZero();
    }
}
