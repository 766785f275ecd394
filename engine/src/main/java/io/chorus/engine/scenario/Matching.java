package io.chorus.engine.scenario;

import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Reason;
import io.chorus.engine.decision.Suppressed;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How an expectation matches an action: {@code type}, {@code actionId}, {@code key}, {@code blockedBy},
 * {@code mandatory}, {@code fallback}, {@code purpose} and {@code propensitySource} exactly, {@code amount} as a number, {@code title}, {@code message} and {@code reason}
 * as text the field contains.
 */
final class Matching {
    private static final List<String> ACTION_FIELDS = List.of("type", "amount", "actionId", "key", "title",
            "message", "reason", "mandatory", "fallback", "purpose", "propensitySource");
    private static final List<String> SUPPRESSED_FIELDS = List.of("type", "actionId", "key", "title", "blockedBy",
            "reason", "proposedBy");

    private Matching() {
    }

    static List<String> fields(Expectation.Kind kind) {
        return switch (kind) {
            case ACTION, ABSENT -> ACTION_FIELDS;
            case SUPPRESSED -> SUPPRESSED_FIELDS;
            case STORY -> List.of("contains");
            case RULE_FIRED, RULE_NOT_FIRED -> List.of("rule");
        };
    }

    static boolean knows(Expectation.Kind kind, String field) {
        return fields(kind).contains(field);
    }

    static boolean matches(Map<String, String> fields, Action a) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String want = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "type" -> a.type().name().equals(want);
                case "amount" -> a.amount() != null && sameAmount(a.amount(), want);
                case "actionId" -> a.actionId().equals(want);
                case "key" -> a.key().equals(want);
                case "title" -> a.title().contains(want);
                case "message" -> a.message().contains(want);
                case "reason" -> anyReason(a.reasons(), want);
                case "mandatory" -> String.valueOf(a.mandatory()).equals(want);
                case "fallback" -> String.valueOf(a.fallback()).equals(want);
                case "purpose" -> a.purpose().name().equals(want);
                case "propensitySource" -> a.propensitySource().name().equals(want);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Map<String, String> fields, Suppressed s) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String want = f.getValue();
            boolean ok = switch (f.getKey()) {
                case "type" -> s.type().name().equals(want);
                case "actionId" -> s.actionId().equals(want);
                case "key" -> s.key().equals(want);
                case "title" -> s.title().contains(want);
                case "blockedBy" -> s.blockedBy().equals(want)
                        || s.alsoBlockedBy().stream().anyMatch(r -> r.rule().equals(want));
                case "reason" -> s.reason().contains(want)
                        || s.alsoBlockedBy().stream().anyMatch(r -> r.text().contains(want));
                case "proposedBy" -> s.proposedBy().equals(want);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAmount(BigDecimal actual, String want) {
        try {
            return actual.compareTo(new BigDecimal(want)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean anyReason(List<Reason> reasons, String want) {
        return reasons.stream().anyMatch(r -> r.text().contains(want) || r.rule().equals(want));
    }
}
