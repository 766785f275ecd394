package io.chorus.engine.json;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The limits held on a whole request before anything binds it: every field by its path. */
class TreeLimitsTest {

    @Test
    void aDecisionRequestWithinTheLimitsHasNoProblem() throws IOException {
        assertThat(check("{\"customer\": {\"identifier\": {\"type\": \"SOCIAL\", \"value\": \"@samrivers\"}}, "
                + "\"channel\": \"CALL_CENTER\", \"asOf\": \"2026-05-20T10:00:00Z\", \"maxActions\": 5}")).isEmpty();
    }

    @Test
    void idsAndIdentifierValuesAreKnownByTheirNamesAndHeldTo128Characters() throws IOException {
        String long129 = "x".repeat(129);
        assertThat(check("{\"customer\": {\"id\": \"" + long129 + "\"}}"))
                .extracting(FieldProblem::field).containsExactly("customer.id");
        assertThat(check("{\"eventId\": \"" + long129 + "\", \"note\": \"" + long129 + "\"}"))
                .extracting(FieldProblem::field).containsExactly("eventId");
        assertThat(check("{\"identifiers\": [{\"type\": \"EMAIL\", \"value\": \"" + long129 + "\"}]}"))
                .extracting(FieldProblem::field).containsExactly("identifiers[0].value");
    }

    @Test
    void aNulAnywhereIsNamedEvenInAKeyOrAnUnknownField() throws IOException {
        assertThat(check("{\"anything\": [\"ok\", \"not\\u0000ok\"]}"))
                .extracting(FieldProblem::field).containsExactly("anything[1]");
        assertThat(check("{\"bad\\u0000key\": 1}")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("field name").contains("NUL"));
    }

    @Test
    void numbersAreFiniteAndOfASaneSize() throws IOException {
        assertThat(check("{\"amount\": 1e400}")).extracting(FieldProblem::field).containsExactly("amount");
        assertThat(check("{\"unknown\": 1e999999999}")).extracting(FieldProblem::field).containsExactly("unknown");
        assertThat(check("{\"amount\": 12.50, \"score\": 7}")).isEmpty();
    }

    @Test
    void aLongerTextBoundIsForDocumentsThatCarryFiles() throws IOException {
        String rule = "r".repeat(10_000);
        assertThat(check("{\"files\": {\"plays/a.drl\": \"" + rule + "\"}}")).hasSize(1);
        assertThat(TreeLimits.check(Json.readDocument(("{\"files\": {\"plays/a.drl\": \"" + rule + "\"}}").getBytes()),
                1 << 20)).isEmpty();
    }

    private static List<FieldProblem> check(String json) throws IOException {
        return TreeLimits.check(Json.readDocument(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
