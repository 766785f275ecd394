package io.chorus.simulator.run;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.source.PopulationLine;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One customer record through a what-if run: parsed, decided on every channel with the candidate rules and the
 * baseline's, and counted into a {@link Tally}. The only place a record is decided and counted, whether a
 * {@link Simulator} worker thread or a Spark task calls it. Safe to share between threads (each brings its own tally).
 */
public final class Decider {
    private final RuleSet candidate;
    private final RuleSet baseline;
    private final SimulationSettings settings;
    private final ModelSet models;

    /** {@code baseline} may be null: the run then counts the candidate alone. */
    public Decider(RuleSet candidate, RuleSet baseline, SimulationSettings settings) {
        this(candidate, baseline, settings, ModelSet.EMPTY);
    }

    /**
     * As above, ranking with {@code models}: a frozen copy of the propensities a store has learned, used by each
     * rule set that has the predictors they learned under.
     */
    public Decider(RuleSet candidate, RuleSet baseline, SimulationSettings settings, ModelSet models) {
        this.candidate = candidate;
        this.baseline = baseline;
        this.settings = settings;
        this.models = models;
    }

    /**
     * An empty tally of the shape this run counts into (with baseline columns or without); it follows the
     * candidate's volume constraints where any counts actions on the run's channels.
     */
    public Tally newTally() {
        List<VolumeConstraint> counting = candidate.constraints().stream()
                .filter(c -> c.channel() == null || settings.channels().contains(c.channel())).toList();
        return new Tally(baseline != null, settings.sampleSize(),
                counting.isEmpty() ? null : new ConstraintTally(counting, settings.maxActions()),
                settings.valueThreshold());
    }

    /**
     * Decides one customer on every channel and counts it into {@code tally}; a record that cannot be used is
     * counted as a bad line and answered, null otherwise.
     */
    public BadLine decide(PopulationLine line, Tally tally) {
        BadLine bad = decideAndCount(line, tally);
        if (bad != null) {
            tally.badLine(line.ordinal(), bad);
        }
        return bad;
    }

    private BadLine decideAndCount(PopulationLine line, Tally tally) {
        CustomerContext context;
        try {
            context = ContextJson.parse(line.json());
        } catch (InvalidDocumentException e) {
            return new BadLine(line.location(), e.problems().stream().map(FieldProblem::toString)
                    .collect(Collectors.joining("; ")));
        } catch (RuntimeException e) {
            return new BadLine(line.location(), "unreadable: " + e.getMessage());
        }
        List<Channel> channels = settings.channels();
        Decision[] after = new Decision[channels.size()];
        Decision[] before = new Decision[channels.size()];
        try {
            for (int i = 0; i < channels.size(); i++) {
                // Our own decision id: the engine's default is a random UUID, whose SecureRandom is a shared lock.
                Channel channel = channels.get(i);
                String decisionId = context.customerId() + "/" + channel;
                after[i] = candidate.decide(decisionId, new DecisionRequest(context, channel, settings.asOf(),
                        settings.maxActions(), models.outsideFor(candidate.predictors(), context.customerId(), channel)));
                before[i] = baseline == null ? null : baseline.decide(decisionId, new DecisionRequest(context, channel,
                        settings.asOf(), settings.maxActions(),
                        models.outsideFor(baseline.predictors(), context.customerId(), channel)));
            }
        } catch (RuntimeException e) {
            return new BadLine(line.location(), "customer " + context.customerId() + ": decision failed: " + e);
        }
        tally.customer(line.ordinal(), context, Arrays.asList(after), Arrays.asList(before));
        return null;
    }
}
