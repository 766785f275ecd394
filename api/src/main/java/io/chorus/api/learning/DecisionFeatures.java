package io.chorus.api.learning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.Json;
import io.chorus.engine.learning.Features;
import io.chorus.engine.rules.RuleSet;

/**
 * The customer's predictors at a decision, as kept with it ({@code decision.features}): what an outcome of the
 * decision, however late, teaches the models. Whoever records a decision (the service, an outbound run's commit)
 * keeps them the same way; the trainer reads them only under the same predictors.
 */
public final class DecisionFeatures {
    private DecisionFeatures() {
    }

    /**
     * JSON {@code {"predictors": version, "values": ["name=band", …]}}; null when the rule set learns nothing. The
     * features the decision's models scored when they did, else read from the request's context.
     */
    public static String json(RuleSet ruleSet, Decision decision, DecisionRequest request) {
        if (!ruleSet.predictors().learns()) {
            return null;
        }
        Features features = decision.features().values().isEmpty() ? ruleSet.features(request) : decision.features();
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("predictors", ruleSet.predictors().version());
        ArrayNode values = node.putArray("values");
        features.values().forEach(values::add);
        return node.toString();
    }
}
