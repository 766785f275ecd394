package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.customers.CustomerService;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.ApiException;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.NotFoundException;
import io.chorus.api.rules.RuleSetVersions;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.Learned;
import io.chorus.engine.decision.OutsideFacts;
import io.chorus.engine.learning.ModelSet;
import com.fasterxml.jackson.core.type.TypeReference;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import io.chorus.engine.decision.Variant;
import io.chorus.engine.json.Json;
import io.chorus.engine.rules.RuleSet;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Looking back: a decision read with the context the engine saw, a customer's decisions across channels, and a
 * replay of a decision on the rule set that made it (identical by construction) or on another version, with the
 * differences in words.
 */
@Singleton
public class DecisionAudit {
    static final int DEFAULT_LIMIT = 20;
    static final int MOST_LISTED = 200;

    private final DecisionStore decisions;
    private final CustomerService customers;
    private final RuleSetVersions versions;

    public DecisionAudit(DecisionStore decisions, CustomerService customers, RuleSetVersions versions) {
        this.decisions = decisions;
        this.customers = customers;
        this.versions = versions;
    }

    /**
     * GET /v1/decisions/{id}: the answer as given, plus {@code context} as of {@code asOf}, {@code recordedAt} and
     * the facts from outside the context it was decided on ({@code outsideFacts}), where there were any.
     */
    public JsonNode read(String decisionId) {
        RecordedDecision recorded = find(decisionId);
        ObjectNode answer = (ObjectNode) tree(recorded.answerJson());
        answer.put("decisionId", recorded.decisionId());
        answer.put("customerId", recorded.customerId());
        answer.put("channel", recorded.channel());
        answer.put("asOf", recorded.asOf().toString());
        answer.put("ruleSetVersion", recorded.ruleSetVersion());
        answer.put("variant", recorded.variant());
        if (recorded.maxActions() != null) {
            answer.put("maxActions", recorded.maxActions());
        }
        answer.put("recordedAt", recorded.recordedAt().toString());
        if (recorded.contextJson() != null) {
            answer.set("context", tree(ContextJson.write(seenContext(recorded))));
        }
        if (recorded.outsideJson() != null) {
            answer.set("outsideFacts", tree(recorded.outsideJson()));
        }
        return answer;
    }

    /** A line of GET /v1/customers/{id}/decisions. */
    public record Told(String decisionId, String channel, java.time.Instant asOf, String ruleSetVersion,
                       String variant, List<ToldAction> actions, int suppressedCount, java.time.Instant recordedAt) {
    }

    public record ToldAction(String actionId, String type, String title, java.math.BigDecimal amount) {
    }

    /** GET /v1/customers/{id}/decisions?limit=N: newest first, so every channel sees what the others said. */
    public List<Told> forCustomer(String customerId, String limitParameter) {
        int limit = limit(limitParameter);
        customers.context(customerId);
        List<Told> told = new ArrayList<>();
        for (RecordedDecision d : decisions.forCustomer(customerId, limit)) {
            JsonNode answer = tree(d.answerJson());
            List<ToldAction> actions = new ArrayList<>();
            for (JsonNode a : answer.path("actions")) {
                actions.add(new ToldAction(a.path("actionId").asText(), a.path("type").asText(),
                        a.path("title").asText(null), a.hasNonNull("amount") ? a.get("amount").decimalValue() : null));
            }
            told.add(new Told(d.decisionId(), d.channel(), d.asOf(), d.ruleSetVersion(), d.variant(), actions,
                    answer.path("suppressed").size(), d.recordedAt()));
        }
        return told;
    }

    /** The answer of POST /v1/decisions/{id}/replay. */
    public record Replay(JsonNode original, JsonNode replayed, boolean identical, List<String> differences) {
    }

    /** Re-decides the stored context with the stored rule set (or {@code ruleSetVersion}) and compares. */
    public Replay replay(String decisionId, byte[] body) {
        String asked = null;
        if (body != null && body.length > 0) {
            JsonNode request = RequestBodies.object(body);
            JsonNode version = request.get("ruleSetVersion");
            if (version != null && !version.isNull()) {
                if (!version.isTextual() || version.asText().isBlank()) {
                    throw BadRequestException.of("ruleSetVersion", "must be a stored rule-set version");
                }
                asked = version.asText();
            }
        }
        String wanted = asked;
        RecordedDecision recorded = find(decisionId);
        if (recorded.contextJson() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "Not replayable", "Decision " + decisionId
                    + " was recorded before decisions kept the context they saw; it cannot be replayed.", List.of());
        }
        String version = wanted != null ? wanted : recorded.ruleSetVersion();
        RuleSet ruleSet = versions.load(version).orElseThrow(() -> new NotFoundException("Unknown rule set",
                "No rule set " + version + " is stored" + (wanted == null ? "; the decision's own version is gone." : ".")));
        CustomerContext context = ContextJson.parse(recorded.contextJson());
        int maxActions = recorded.maxActions() == null ? DecisionRequest.DEFAULT_MAX_ACTIONS : recorded.maxActions();
        OutsideFacts outside = outside(recorded.outsideJson());
        Decision decision = ruleSet.decide(decisionId, new DecisionRequest(context, Channel.valueOf(recorded.channel()),
                recorded.asOf(), maxActions, outside)).withVariant(Variant.valueOf(recorded.variant()));
        JsonNode original = tree(recorded.answerJson());
        // Both answers read from JSON text the same way, so equal numbers compare equal (12.50 is 12.50).
        JsonNode replayed = tree(new String(json(decision), java.nio.charset.StandardCharsets.UTF_8));
        List<String> differences = differences(original, replayed);
        return new Replay(original, replayed, differences.isEmpty(), differences);
    }

    /**
     * The outside facts a recorded decision was given: what was left of each constraint and the time zone of its
     * periods (UTC unless recorded), the learned propensities.
     */
    private static OutsideFacts outside(String json) {
        if (json == null) {
            return OutsideFacts.NONE;
        }
        JsonNode node = tree(json);
        Map<String, BigDecimal> remaining = Json.mapper().convertValue(node.path("remaining").isObject()
                ? node.path("remaining") : Json.mapper().createObjectNode(), new TypeReference<Map<String, BigDecimal>>() {
        });
        Map<String, Learned> propensities = node.path("propensities").isObject()
                ? Json.mapper().convertValue(node.path("propensities"), new TypeReference<Map<String, Learned>>() {
                }) : Map.of();
        ZoneId zone = node.path("periodZone").isTextual() ? ZoneId.of(node.path("periodZone").asText()) : ZoneOffset.UTC;
        return new OutsideFacts(remaining, ModelSet.recorded(propensities), zone);
    }

    /** What changed between two answers, as sentences an analyst reads; empty when they are the same. */
    static List<String> differences(JsonNode original, JsonNode replayed) {
        List<String> differences = new ArrayList<>();
        if (!Objects.equals(original.path("ruleSetVersion"), replayed.path("ruleSetVersion"))) {
            differences.add("rule set " + original.path("ruleSetVersion").asText() + " → "
                    + replayed.path("ruleSetVersion").asText());
        }
        Map<String, JsonNode> before = byActionId(original.path("actions"));
        Map<String, JsonNode> after = byActionId(replayed.path("actions"));
        before.forEach((id, a) -> {
            JsonNode b = after.get(id);
            if (b == null) {
                differences.add("no longer shown: " + describe(a));
                return;
            }
            for (String field : List.of("amount", "title", "message", "priority", "purpose", "mandatory")) {
                if (!sameValue(a.get(field), b.get(field))) {
                    differences.add(describe(a) + ": " + field + " " + text(a.get(field)) + " → " + text(b.get(field)));
                }
            }
        });
        after.forEach((id, b) -> {
            if (!before.containsKey(id)) {
                differences.add("newly shown: " + describe(b));
            }
        });
        if (differences.isEmpty() && !before.keySet().stream().toList().equals(after.keySet().stream().toList())) {
            differences.add("the same actions in another order");
        }
        Map<String, JsonNode> blockedBefore = byActionId(original.path("suppressed"));
        Map<String, JsonNode> blockedAfter = byActionId(replayed.path("suppressed"));
        blockedBefore.forEach((id, s) -> {
            JsonNode t = blockedAfter.get(id);
            if (t == null) {
                differences.add("no longer suppressed: " + describe(s));
            } else if (!sameValue(s.get("blockedBy"), t.get("blockedBy"))) {
                differences.add(describe(s) + ": blocked by \"" + text(s.get("blockedBy")) + "\" → \""
                        + text(t.get("blockedBy")) + "\"");
            }
        });
        blockedAfter.forEach((id, t) -> {
            if (!blockedBefore.containsKey(id)) {
                differences.add("newly suppressed: " + describe(t) + " by \"" + text(t.get("blockedBy")) + "\"");
            }
        });
        if (!Objects.equals(original.path("storySoFar"), replayed.path("storySoFar"))) {
            differences.add("the story so far reads differently");
        }
        if (differences.isEmpty()) {
            ObjectNode a = ((ObjectNode) original.deepCopy());
            ObjectNode b = ((ObjectNode) replayed.deepCopy());
            if (!a.equals(b)) {
                differences.add("the reasons or the rules that fired differ");
            }
        }
        return differences;
    }

    private static Map<String, JsonNode> byActionId(JsonNode items) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        items.forEach(item -> byId.put(item.path("actionId").asText(), item));
        return byId;
    }

    private static String describe(JsonNode action) {
        return action.path("type").asText() + " \"" + action.path("title").asText() + "\" ("
                + action.path("actionId").asText() + ")";
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.asText();
    }

    private RecordedDecision find(String decisionId) {
        return decisions.find(decisionId).orElseThrow(() -> new NotFoundException("Unknown decision",
                "No decision " + decisionId + " was recorded."));
    }

    /** The context as the engine saw it: the stored document as of the decision's moment. */
    private static CustomerContext seenContext(RecordedDecision recorded) {
        return ContextJson.parse(recorded.contextJson()).asOf(recorded.asOf());
    }

    private static int limit(String parameter) {
        if (parameter == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(parameter);
            if (limit >= 1 && limit <= MOST_LISTED) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BadRequestException.of("limit", "must be a whole number from 1 to " + MOST_LISTED + ", was \""
                + parameter + "\"");
    }

    private static byte[] json(Decision decision) {
        try {
            return Json.mapper().writeValueAsBytes(decision);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("decisions always serialise", e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored decision is not JSON", e);
        }
    }
}
