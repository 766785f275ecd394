package io.chorus.engine.decision;

import io.chorus.engine.learning.Features;
import io.chorus.engine.constraints.Capacity;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.ActionType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns what the rules produced into the decision. It holds no business policy of its own: which candidates
 * exist, which are blocked, every part of every priority and what each channel can show all come from rules.
 * Its only judgement is the mechanics: blocked candidates go to {@code suppressed}, the rest are ranked by
 * the product of their factors, mandatory ones are always kept, and {@code maxActions} cuts the others. Fallback
 * candidates take part only when nothing else is shown; an action's purpose comes from the purposes the rules
 * declare per action type (MARKETING where none is declared: the side on which consent protects the customer).
 */
public final class Arbiter {
    public static final String ARBITRATION = "arbitration";
    /** The reasons' source for a propensity learned from outcomes. */
    public static final String LEARNING = "learned-propensity";

    private Arbiter() {
    }

    /** What one evaluation of the rules produced, in the order the rules produced it. */
    public record RuleOutput(List<Proposal> proposals, List<Block> blocks, List<PriorityFactor> factors,
                             List<ChannelCapability> capabilities, List<ActionPurpose> purposes,
                             List<OutboundChannel> outbound, List<String> rulesFired) {

        /** What rules produced that declare no purposes and no outbound channels. */
        public RuleOutput(List<Proposal> proposals, List<Block> blocks, List<PriorityFactor> factors,
                          List<ChannelCapability> capabilities, List<String> rulesFired) {
            this(proposals, blocks, factors, capabilities, List.of(), List.of(), rulesFired);
        }
    }

    private record Ranked(Proposal proposal, String actionId, double propensity, double priority,
                          List<Reason> reasons, PropensitySource source) {
    }

    private static final Comparator<Ranked> BEST_FIRST = Comparator.comparingDouble(Ranked::priority).reversed()
            .thenComparing(r -> r.proposal().type())
            .thenComparing(Ranked::actionId);

    public static Decision decide(String decisionId, DecisionRequest request, String ruleSetVersion,
                                  RuleOutput output, List<String> storySoFar) {
        return decide(decisionId, request, ruleSetVersion, output, storySoFar, List.of());
    }

    /**
     * As above, holding back what a volume constraint has no room left for (as {@code request.outside()} says):
     * such an action is suppressed as {@code constraint:<name>}, and the next in priority order may take its place.
     */
    public static Decision decide(String decisionId, DecisionRequest request, String ruleSetVersion,
                                  RuleOutput output, List<String> storySoFar, List<VolumeConstraint> constraints) {
        return decide(decisionId, request, ruleSetVersion, output, storySoFar, constraints, key -> Optional.empty());
    }

    /**
     * As above, ranking by the propensity a model learned for an action's key where {@code learned} has one: it
     * replaces the rule's propensity and the rules' adjustments of it (the model saw the context they read).
     */
    public static Decision decide(String decisionId, DecisionRequest request, String ruleSetVersion,
                                  RuleOutput output, List<String> storySoFar, List<VolumeConstraint> constraints,
                                  Function<String, Optional<Learned>> learned) {
        return decide(decisionId, request, ruleSetVersion, output, storySoFar, constraints, learned, Features.NONE);
    }

    /** As above; {@code features} are the predictors {@code learned} scored, carried by the decision for its record. */
    public static Decision decide(String decisionId, DecisionRequest request, String ruleSetVersion,
                                  RuleOutput output, List<String> storySoFar, List<VolumeConstraint> constraints,
                                  Function<String, Optional<Learned>> learned, Features features) {
        String customerId = request.context().customerId();
        Map<CandidateKey, Proposal> candidates = new LinkedHashMap<>();
        for (Proposal p : output.proposals()) {
            candidates.merge(p.candidateKey(), p, Proposal::mergedWith);
        }
        Map<CandidateKey, List<Block>> blocks = new LinkedHashMap<>();
        for (Block b : output.blocks()) {
            blocks.computeIfAbsent(b.candidateKey(), k -> new ArrayList<>()).add(b);
        }
        Map<CandidateKey, List<PriorityFactor>> factors = new LinkedHashMap<>();
        for (PriorityFactor f : output.factors()) {
            factors.computeIfAbsent(f.candidateKey(), k -> new ArrayList<>()).add(f);
        }
        Set<ActionType> shown = EnumSet.noneOf(ActionType.class);
        for (ChannelCapability c : output.capabilities()) {
            if (c.channel() == request.channel()) {
                shown.add(c.type());
            }
        }

        Map<ActionType, Purpose> purposes = new EnumMap<>(ActionType.class);
        for (ActionPurpose p : output.purposes()) {
            purposes.put(p.type(), p.purpose());
        }
        boolean outbound = output.outbound().stream().anyMatch(o -> o.channel() == request.channel());

        Sorting sorting = new Sorting(customerId, request, blocks, factors, shown,
                new Capacity(constraints, request.outside().remaining()), learned);
        for (Proposal p : candidates.values()) {
            if (!p.fallback()) {
                sorting.sort(p);
            }
        }
        List<Ranked> kept = sorting.keep(request.maxActions());
        if (kept.isEmpty()) {
            // Nothing else qualified: the channel's fallbacks take part, through the same blocks and capabilities.
            for (Proposal p : candidates.values()) {
                if (p.fallback()) {
                    sorting.sort(p);
                }
            }
            kept = sorting.keep(request.maxActions());
        }
        List<Suppressed> suppressed = new ArrayList<>(sorting.suppressed);
        suppressed.sort(Comparator.comparing(Suppressed::type).thenComparing(Suppressed::actionId));

        List<Action> actions = kept.stream().map(r -> new Action(r.actionId(), r.proposal().type(),
                r.proposal().title(), r.proposal().message(), r.proposal().amount(), round(r.priority()),
                r.reasons(), r.proposal().mandatory(), purposes.getOrDefault(r.proposal().type(), Purpose.MARKETING),
                r.proposal().key(), r.proposal().fallback(), round(r.propensity()), r.source())).toList();
        return new Decision(decisionId, customerId, request.channel(), request.asOf(), ruleSetVersion,
                Variant.CHAMPION, outbound, actions, List.copyOf(suppressed), storySoFar,
                List.copyOf(sorting.notShown), output.rulesFired(), features);
    }

    /** Sorts candidates into suppressed, not shown, mandatory and optional, and keeps what the decision shows. */
    private static final class Sorting {
        private final String customerId;
        private final DecisionRequest request;
        private final Map<CandidateKey, List<Block>> blocks;
        private final Map<CandidateKey, List<PriorityFactor>> factors;
        private final Set<ActionType> shown;
        private final Capacity capacity;
        private final Function<String, Optional<Learned>> learned;
        final List<Suppressed> suppressed = new ArrayList<>();
        final List<NotShown> notShown = new ArrayList<>();
        private final List<Ranked> mandatory = new ArrayList<>();
        private final List<Ranked> optional = new ArrayList<>();

        Sorting(String customerId, DecisionRequest request, Map<CandidateKey, List<Block>> blocks,
                Map<CandidateKey, List<PriorityFactor>> factors, Set<ActionType> shown, Capacity capacity,
                Function<String, Optional<Learned>> learned) {
            this.learned = learned;
            this.customerId = customerId;
            this.request = request;
            this.blocks = blocks;
            this.factors = factors;
            this.shown = shown;
            this.capacity = capacity;
        }

        /** Counts the action against the constraints it falls under, or holds it back with the one it does not fit. */
        private boolean fits(Ranked r) {
            Proposal p = r.proposal();
            Optional<VolumeConstraint> full = capacity.take(request.channel(), p.type(), p.key());
            full.ifPresent(c -> suppressed.add(new Suppressed(r.actionId(), p.type(), p.title(), "constraint:" + c.name(),
                    "The " + c.name() + " limit (" + c.describe() + ") is used up for the " + c.period().name()
                            .toLowerCase(java.util.Locale.ROOT) + " starting "
                            + Capacity.periodStart(c.period(), request.asOf(), request.outside().periodZone()) + ".", p.rule(), List.of(), p.key())));
            return full.isEmpty();
        }

        void sort(Proposal p) {
            String actionId = ActionIds.of(customerId, p.type(), p.key());
            List<Block> vetoes = blocks.get(p.candidateKey());
            if (vetoes != null) {
                suppressed.add(suppressedBy(actionId, p, vetoes));
                return;
            }
            Ranked ranked = rank(p, actionId, factors.getOrDefault(p.candidateKey(), List.of()),
                    p.key() == null ? Optional.empty() : learned.apply(p.key()));
            if (!shown.contains(p.type())) {
                notShown.add(new NotShown(actionId, p.type(), p.title(), ranked.priority(),
                        "The " + request.channel() + " channel cannot present a " + p.type() + " action."));
            } else if (p.mandatory()) {
                mandatory.add(ranked);
            } else {
                optional.add(ranked);
            }
        }

        /**
         * Mandatory actions always, the best optional ones while there is room, the rest not shown; an action a
         * volume constraint has no room for is held back, and the next one in priority order takes its place.
         */
        List<Ranked> keep(int maxActions) {
            mandatory.sort(BEST_FIRST);
            optional.sort(BEST_FIRST);
            List<Ranked> kept = new ArrayList<>();
            for (Ranked r : mandatory) {
                if (fits(r)) {
                    kept.add(r);
                }
            }
            int room = Math.max(0, maxActions - kept.size());
            int optionalKept = 0;
            for (Ranked r : optional) {
                if (optionalKept >= room) {
                    notShown.add(new NotShown(r.actionId(), r.proposal().type(), r.proposal().title(), r.priority(),
                            "Ranked below the " + maxActions + " actions this decision shows."));
                } else if (fits(r)) {
                    kept.add(r);
                    optionalKept++;
                }
            }
            mandatory.clear();
            optional.clear();
            kept.sort(BEST_FIRST);
            return kept;
        }
    }

    private static Suppressed suppressedBy(String actionId, Proposal p, List<Block> vetoes) {
        List<Block> sorted = new ArrayList<>(vetoes);
        sorted.sort(Comparator.comparing(Block::rule));
        Block first = sorted.get(0);
        List<Reason> others = sorted.subList(1, sorted.size()).stream()
                .map(b -> new Reason(b.rule(), b.reason())).toList();
        return new Suppressed(actionId, p.type(), p.title(), first.rule(), first.reason(), p.rule(), others,
                p.key());
    }

    private static Ranked rank(Proposal p, String actionId, List<PriorityFactor> applied, Optional<Learned> model) {
        double propensity = p.propensity();
        double contextWeight = 1.0;
        double value = p.value();
        double lever = 1.0;
        double exploration = 1.0;
        List<Reason> reasons = new ArrayList<>(p.reasons());
        for (PriorityFactor f : applied) {
            if (f.factor() == Factor.PROPENSITY && model.isPresent()) {
                continue; // the model learned from the context this adjustment reads
            }
            switch (f.factor()) {
                case PROPENSITY -> propensity *= f.multiplier();
                case CONTEXT_WEIGHT -> contextWeight *= f.multiplier();
                case VALUE -> value *= f.multiplier();
                case LEVER -> lever *= f.multiplier();
            }
            reasons.add(new Reason(f.rule(), label(f.factor()) + " ×" + fmt(f.multiplier()) + ": " + f.text()));
        }
        if (model.isPresent()) {
            Learned m = model.get();
            reasons.add(new Reason(LEARNING, "propensity " + fmt(m.propensity()) + " learned by model " + m.model()
                    + " from " + grouped(m.outcomes()) + " outcomes (the rule says "
                    + fmt(propensity) + ")"));
            propensity = m.propensity();
            if (m.explored() && m.propensity() > 0) {
                exploration = m.draw() / m.propensity();
                reasons.add(new Reason(LEARNING, "exploration ×" + fmt(exploration) + ": a draw of " + fmt(m.draw())
                        + " from the model's uncertainty, so offers it knows little about still get their chance"));
            }
        }
        double priority = propensity * contextWeight * value * lever * exploration;
        reasons.add(new Reason(ARBITRATION, "priority " + fmt(priority) + " = propensity " + fmt(propensity)
                + " × context weight " + fmt(contextWeight) + " × value " + fmt(value) + " × lever " + fmt(lever)
                + (exploration != 1.0 ? " × exploration " + fmt(exploration) : "")
                + (p.mandatory() ? " (mandatory: always shown)" : "")));
        return new Ranked(p, actionId, propensity, priority, List.copyOf(reasons),
                model.isPresent() ? PropensitySource.MODEL : PropensitySource.RULE);
    }

    private static String label(Factor factor) {
        return switch (factor) {
            case PROPENSITY -> "propensity";
            case CONTEXT_WEIGHT -> "context weight";
            case VALUE -> "value";
            case LEVER -> "lever";
        };
    }

    /** Two decimals, half up; String.format would cost more than the rest of the arbitration. */
    /** 12,345: thousands grouped, without String.format's cost on every ranked candidate. */
    static String grouped(long n) {
        String digits = Long.toString(Math.abs(n));
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 1);
        if (n < 0) {
            out.append('-');
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    static String fmt(double d) {
        long hundredths = Math.round(d * 100);
        long abs = Math.abs(hundredths);
        long fraction = abs % 100;
        return (hundredths < 0 ? "-" : "") + abs / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }

    private static double round(double d) {
        return Math.round(d * 10_000) / 10_000.0;
    }
}
