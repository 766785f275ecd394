package io.chorus.engine.rules;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.ActionPurpose;
import io.chorus.engine.decision.Arbiter;
import io.chorus.engine.decision.Block;
import io.chorus.engine.decision.ChargeNotOwed;
import io.chorus.engine.decision.ChannelCapability;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.LearnedPropensities;
import io.chorus.engine.learning.Features;
import io.chorus.engine.learning.Predictors;
import io.chorus.engine.decision.OutboundChannel;
import io.chorus.engine.decision.PriorityFactor;
import io.chorus.engine.decision.Proposal;
import io.chorus.engine.decision.Situation;
import io.chorus.engine.decision.StoryTeller;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.StatelessKieSession;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A compiled rule set. {@link #decide} runs each decision in a fresh, isolated session, so one rule set serves
 * any number of threads at once; it is immutable and can be swapped atomically for a newer one.
 */
public final class RuleSet {
    private final KieBase kieBase;
    private final KieSessionsPool sessions;
    private final String version;
    private final Instant loadedAt;
    private final List<RuleFile> files;
    private final List<String> ruleNames;
    private final List<String> drlRuleNames;
    private final List<VolumeConstraint> constraints;
    private final Predictors predictors;
    private final Path directory;

    RuleSet(KieBase kieBase, KieSessionsPool sessions, String version, Instant loadedAt, List<RuleFile> files, List<String> ruleNames,
            List<String> drlRuleNames, List<VolumeConstraint> constraints, Predictors predictors, Path directory) {
        this.predictors = predictors;
        this.kieBase = kieBase;
        this.sessions = sessions;
        this.version = version;
        this.loadedAt = loadedAt;
        this.files = files;
        this.ruleNames = ruleNames;
        this.drlRuleNames = drlRuleNames;
        this.constraints = constraints;
        this.directory = directory;
    }

    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<RuleFile> files() {
        return files;
    }

    /** Every rule, decision-table rows included, by name. */
    public List<String> ruleNames() {
        return ruleNames;
    }

    /** The rules written in DRL files; a decision table's rows are data, not behaviour to cover one by one. */
    public List<String> drlRuleNames() {
        return drlRuleNames;
    }

    /** The volume constraints of {@code constraints.yaml}; none when the rule set has no such file. */
    public List<VolumeConstraint> constraints() {
        return constraints;
    }

    /** What {@code predictors.yaml} says about learning propensities; {@link Predictors#NONE} without one. */
    public Predictors predictors() {
        return predictors;
    }

    /** The customer's predictors for this decision: what an outcome of it will teach the models. */
    public Features features(DecisionRequest request) {
        return predictors.learns()
                ? predictors.features(request.context().asOf(request.asOf()), request.channel(), request.asOf())
                : Features.NONE;
    }

    public Path directory() {
        return directory;
    }

    public Decision decide(DecisionRequest request) {
        return decide(UUID.randomUUID().toString(), request);
    }

    public Decision decide(String decisionId, DecisionRequest request) {
        CustomerContext context = request.context().asOf(request.asOf());
        List<Object> facts = facts(context, Situation.of(request));
        Collector collector = new Collector();
        StatelessKieSession session = sessions.newStatelessKieSession();
        session.addEventListener(collector.inserted);
        session.addEventListener(collector.fired);
        session.execute(facts);
        Arbiter.RuleOutput output = new Arbiter.RuleOutput(collector.proposals, collector.blocks, collector.factors,
                collector.capabilities, collector.purposes, collector.outbound, List.copyOf(collector.rulesFired));
        LearnedPropensities learned = request.outside().propensities();
        Features features = learned == LearnedPropensities.NONE || !predictors.learns() ? Features.NONE
                : predictors.features(context, request.channel(), request.asOf());
        return Arbiter.decide(decisionId, request, version, output,
                StoryTeller.tell(context, request.asOf(), collector.owedBack), constraints,
                key -> features == Features.NONE ? Optional.empty() : learned.of(key, request.channel(), features),
                features);
    }

    private static List<Object> facts(CustomerContext c, Situation situation) {
        List<Object> facts = new ArrayList<>(32);
        facts.add(situation);
        facts.add(c);
        facts.addAll(c.identifiers());
        facts.addAll(c.consentFacts());
        facts.addAll(c.accounts());
        facts.addAll(c.subscriptions());
        facts.addAll(c.accountEvents());
        facts.addAll(c.charges());
        facts.addAll(c.interactions());
        facts.addAll(c.cases());
        facts.addAll(c.promotions());
        facts.addAll(c.surveys());
        facts.addAll(c.contactHistory());
        return facts;
    }

    /** Gathers, per session, what the rules inserted and which rules fired. */
    private static final class Collector {
        final List<Proposal> proposals = new ArrayList<>();
        final List<Block> blocks = new ArrayList<>();
        final List<PriorityFactor> factors = new ArrayList<>();
        final List<ChannelCapability> capabilities = new ArrayList<>();
        final List<ActionPurpose> purposes = new ArrayList<>();
        final List<OutboundChannel> outbound = new ArrayList<>();
        final Set<String> owedBack = new java.util.HashSet<>();
        final Set<String> rulesFired = new LinkedHashSet<>();

        final DefaultRuleRuntimeEventListener inserted = new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                Object fact = event.getObject();
                if (fact instanceof Proposal p) {
                    proposals.add(p);
                } else if (fact instanceof Block b) {
                    blocks.add(b);
                } else if (fact instanceof PriorityFactor f) {
                    factors.add(f);
                } else if (fact instanceof ChannelCapability c) {
                    capabilities.add(c);
                } else if (fact instanceof ActionPurpose p) {
                    purposes.add(p);
                } else if (fact instanceof OutboundChannel o) {
                    outbound.add(o);
                } else if (fact instanceof ChargeNotOwed n) {
                    owedBack.add(n.charge().chargeId());
                }
            }
        };

        final DefaultAgendaEventListener fired = new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                rulesFired.add(event.getMatch().getRule().getName());
            }
        };
    }
}
