package io.chorus.api.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.customers.CustomerRef;
import io.chorus.api.constraints.VolumeLimits;
import io.chorus.api.customers.CustomerService;
import io.chorus.api.problems.StoreUnavailableException;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.Problem;
import io.chorus.api.rules.ServingRules;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.decision.Learned;
import io.chorus.engine.decision.OutsideFacts;
import io.chorus.engine.learning.ModelSet;
import io.chorus.api.learning.DecisionFeatures;
import io.chorus.api.learning.ModelTrainer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.json.Json;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/** POST /v1/decisions: find the customer's context, decide on the serving rule set, record the decision. */
@Singleton
public class DecisionService {
    /** One line per decision, carrying its id; set the "chorus.decisions" logger to WARN to silence it. */
    private static final Logger LOG = LoggerFactory.getLogger("chorus.decisions");
    static final int MOST_ACTIONS = 50;
    private static final int MOST_ATTEMPTS = 20;

    private final CustomerService customers;
    private final ServingRules rules;
    private final DecisionRecorder recorder;
    private final DecisionMetrics metrics;
    private final VolumeLimits limits;
    private final ModelTrainer models;
    /** Where a decision refused its room at the record is decided again: it reads the store and blocks. */
    private final ExecutorService blocking;

    public DecisionService(CustomerService customers, ServingRules rules, DecisionRecorder recorder,
                           DecisionMetrics metrics, VolumeLimits limits, ModelTrainer models,
                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.blocking = blocking;
        this.limits = limits;
        this.models = models;
        this.customers = customers;
        this.rules = rules;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    /** A decision and its JSON, serialised once: the same bytes are answered and kept for the audit. */
    public record Answer(Decision decision, byte[] json) {
    }

    /**
     * Decides on the request's thread and completes once the decision is recorded (at once for a preview): the
     * thread goes back to other requests meanwhile.
     */
    public CompletableFuture<Answer> decide(byte[] body) {
        long started = System.nanoTime();
        DecisionRequestBody request = RequestBodies.bind(RequestBodies.object(body), DecisionRequestBody.class, "");
        validate(request);
        boolean stored = request.context() == null || request.context().isNull();
        CustomerContext context;
        String contextJson;
        Long contextVersion = null;
        if (stored) {
            CustomerService.StoredContext found = customers.resolveStored(request.customer());
            context = found.context();
            contextJson = found.json();
            contextVersion = found.version();
        } else {
            context = inline(request.context());
            contextJson = request.context().toString();
        }
        int maxActions = request.maxActions() == null ? DecisionRequest.DEFAULT_MAX_ACTIONS : request.maxActions();
        // To the microsecond, as the store keeps it: a replay decides at the asOf read back, and an answer
        // dated to the nanosecond replayed as "not identical".
        Instant asOf = (request.asOf() == null ? Instant.now() : request.asOf()).truncatedTo(ChronoUnit.MICROS);
        String decisionId = decisionId();
        MDC.put("decisionId", decisionId);
        try {
            ServingRules.Served served = rules.forCustomer(context.customerId());
            List<VolumeConstraint> constraints = served.ruleSet().constraints();
            VolumeLimits.Taken taken = VolumeLimits.Taken.NOTHING;
            // Propensities learned from outcomes, when the models learned under this rule set's predictors; the
            // decision's own view draws its explorations once, so deciding again below ranks the same.
            ModelSet learned = models.current();
            ModelSet.Decision propensities = served.ruleSet().predictors().learns()
                    && learned.predictors().version().equals(served.ruleSet().predictors().version())
                    ? learned.forDecision(ThreadLocalRandom.current()) : null;
            // Constraints this instance knows to be used up hold their actions back from the start.
            OutsideFacts outside = limits.knownUsedUp(constraints, request.channel(), asOf);
            if (propensities != null) {
                outside = outside.withPropensities(propensities);
            }
            Deciding deciding = new Deciding(served, decisionId, context, request.channel(), asOf, maxActions,
                    request.isPreview());
            Decision decision = deciding.decide(outside);
            // Most decisions show nothing a volume constraint counts, and need no more. One that does takes its
            // units as made: while a constraint has plenty left from this instance's lease; near its limit as it is
            // recorded, by the statement that writes it (or beforehand, where it counts several constraints). Either
            // way, with room for everything it shows the engine would hold nothing back, so the decision stands.
            long checkStarted = System.nanoTime();
            boolean counted = limits.counts(constraints, decision);
            VolumeLimits.Counted asMade = null;
            VolumeLimits.Unit onRecord = null;
            if (counted && !request.isPreview()) {
                asMade = limits.takeFromLeases(constraints, decision);
                if (asMade == null) {
                    onRecord = limits.takenOnRecord(constraints, decision);
                    if (onRecord == null) {
                        asMade = limits.takeAsMade(constraints, decision);
                    } else {
                        outside = outside.withRemaining(limits.needing(onRecord));
                    }
                }
            }
            if (asMade != null) {
                taken = asMade.taken();
                // The room it was made on beside what was known used up: both are what the decision stands on.
                outside = outside.withRemaining(asMade.facts());
            }
            if (counted && asMade == null && onRecord == null) {
                // A limit reached, or a preview.
                OnWhatIsLeft left = onWhatIsLeft(deciding, constraints, outside);
                decision = left.decision();
                outside = left.outside();
                taken = left.taken();
            }
            if (counted && !request.isPreview()) {
                metrics.recordConstraintCheck(System.nanoTime() - checkStarted);
            }
            byte[] json = json(decision);
            if (request.isPreview()) {
                return CompletableFuture.completedFuture(answered(decision, json, started, true));
            }
            Decision made = decision;
            OutsideFacts stoodOn = outside;
            CustomerContextRead read = new CustomerContextRead(stored, contextJson, contextVersion);
            return record(deciding, decision, json, read, outside, propensities, onRecord, taken)
                    .thenCompose(recorded -> recorded
                            ? CompletableFuture.completedFuture(answered(made, json, started, false))
                            // Another decision took the room between this one's check and its record; nothing of it
                            // is stored. Decided again off the writer's thread, which has other batches to write.
                            : CompletableFuture.supplyAsync(() -> onWhatIsLeft(deciding, constraints, stoodOn),
                                    blocking).thenCompose(left -> recordOnWhatIsLeft(deciding, left, read,
                                    propensities, started)));
        } finally {
            MDC.remove("decisionId");
        }
    }

    /** How the decision read its customer's context, as the record keeps it. */
    private record CustomerContextRead(boolean stored, String json, Long version) {
    }

    /**
     * Records a decision made again on what was left. It took its units as made (none are taken on record), so the
     * recorder cannot refuse it for want of room: its future completes with the answer or fails as the store did.
     */
    private CompletableFuture<Answer> recordOnWhatIsLeft(Deciding deciding, OnWhatIsLeft left,
                                                         CustomerContextRead read, ModelSet.Decision propensities,
                                                         long started) {
        byte[] json = json(left.decision());
        return record(deciding, left.decision(), json, read, left.outside(), propensities, null, left.taken())
                .thenApply(committed -> answered(left.decision(), json, started, false));
    }

    private Answer answered(Decision decision, byte[] json, long started, boolean preview) {
        long nanos = System.nanoTime() - started;
        metrics.record(decision, nanos);
        LOG.info("decision {} customer {} channel {}: {} action(s), {} suppressed, {} µs{}", decision.decisionId(),
                decision.customerId(), decision.channel(), decision.actions().size(), decision.suppressed().size(),
                nanos / 1000, preview ? " (preview)" : "");
        return new Answer(decision, json);
    }

    /** What one request decides on, and how: the same each time it decides again. */
    private record Deciding(ServingRules.Served served, String decisionId, CustomerContext context,
                            Channel channel, Instant asOf, int maxActions, boolean preview) {
        Decision decide(OutsideFacts outside) {
            return served.ruleSet().decide(decisionId, request(outside)).withVariant(served.variant());
        }

        DecisionRequest request(OutsideFacts outside) {
            return new DecisionRequest(context, channel, asOf, maxActions, outside);
        }
    }

    /** A decision made again on what the store has left of each constraint, and the units it took. */
    private record OnWhatIsLeft(Decision decision, OutsideFacts outside, VolumeLimits.Taken taken) {
    }

    /**
     * Decides again on what is left of each constraint in the store, then takes what the decision shows; if another
     * decision took the last units meanwhile, decides again on what is left now. A decision that took nothing for
     * want of room still shows what a constraint counts; a preview takes nothing.
     */
    private OnWhatIsLeft onWhatIsLeft(Deciding deciding, List<VolumeConstraint> constraints, OutsideFacts known) {
        for (int attempt = 1; ; attempt++) {
            OutsideFacts outside = limits.remaining(constraints, deciding.channel(), deciding.asOf())
                    .withPropensities(known.propensities());
            Decision decision = deciding.decide(outside);
            if (deciding.preview()) {
                return new OnWhatIsLeft(decision, outside, VolumeLimits.Taken.NOTHING);
            }
            VolumeLimits.Taken taken = limits.take(constraints, decision);
            if (taken != null) {
                return new OnWhatIsLeft(decision, outside, taken);
            }
            if (attempt == MOST_ATTEMPTS) {
                throw new StoreUnavailableException(new IllegalStateException(
                        "volume constraints kept changing under " + MOST_ATTEMPTS + " attempts"));
            }
        }
    }

    /**
     * Records the decision: completes false when the units it takes as it is recorded ({@code onRecord}) no longer
     * fit, and nothing of it is stored. What it took beforehand is given back if it cannot be recorded.
     */
    private CompletableFuture<Boolean> record(Deciding deciding, Decision decision, byte[] json,
                                              CustomerContextRead read, OutsideFacts outside,
                                              ModelSet.Decision propensities, VolumeLimits.Unit onRecord,
                                              VolumeLimits.Taken taken) {
        CompletableFuture<Boolean> recorded;
        try {
            String features = DecisionFeatures.json(deciding.served().ruleSet(), decision,
                    new DecisionRequest(deciding.context(), deciding.channel(), deciding.asOf(), deciding.maxActions()));
            String variant = deciding.served().variant().name();
            recorded = recorder.record(read.stored()
                    ? new DecisionRow(deciding.decisionId(), decision.customerId(), decision.channel().name(),
                            decision.asOf(), decision.ruleSetVersion(), variant, deciding.maxActions(),
                            deciding.context(), read.json(), read.version(), json, contactsSent(decision),
                            outsideJson(outside, propensities), features, onRecord)
                    : new DecisionRow(deciding.decisionId(), decision.customerId(), false, decision.channel().name(),
                            decision.asOf(), decision.ruleSetVersion(), variant, deciding.maxActions(), read.json(),
                            json, contactsSent(decision), outsideJson(outside, propensities), features, null,
                            onRecord, null));
        } catch (RuntimeException e) {
            limits.giveBack(taken);
            throw e;
        }
        return recorded.whenComplete((done, failure) -> {
            if (failure != null) {
                limits.giveBack(taken);
            }
        });
    }

    /**
     * A decision on an outbound channel is a send: every action it shows reached the customer at its {@code asOf}.
     * Whether a channel is outbound is the rules' word ({@link Decision#outbound()}), not a list kept here.
     */
    private static List<ContactRecord> contactsSent(Decision decision) {
        if (!decision.outbound()) {
            return List.of();
        }
        return decision.actions().stream().map(a -> new ContactRecord(decision.decisionId(), a.actionId(), a.type(),
                decision.channel(), decision.asOf(), ContactOutcome.SENT, a.key(), a.title())).toList();
    }

    /**
     * A time-ordered (version 7) UUID: the first 48 bits are the Unix time in milliseconds, the other 74 random. Ids
     * made one after another sort one after another, so the decision table's primary key grows at its right edge
     * like a sequence: with random ids every insert wrote a random page of an index that soon outgrows memory.
     * Random bits from a thread-local generator: SecureRandom serialises every request on one lock, and a decision
     * id needs to be unique, not secret (reading a decision still needs a key).
     */
    static String decisionId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private static void validate(DecisionRequestBody request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.channel() == null) {
            errors.add(Problem.FieldError.of("channel", "required"));
        }
        if (request.maxActions() != null && (request.maxActions() < 0 || request.maxActions() > MOST_ACTIONS)) {
            errors.add(Problem.FieldError.of("maxActions", "must be between 0 and " + MOST_ACTIONS + ", was "
                    + request.maxActions()));
        }
        boolean hasContext = request.context() != null && !request.context().isNull();
        if (request.customer() == null && !hasContext) {
            errors.add(Problem.FieldError.of("customer", "required: {\"id\": …} or {\"identifier\": {…}}, "
                    + "or an inline \"context\" instead"));
        } else if (request.customer() != null && hasContext) {
            errors.add(Problem.FieldError.of("context", "give either customer or context, not both"));
        } else if (request.customer() != null) {
            errors.addAll(checkRef(request.customer(), "customer"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
    }

    /** A customer reference names exactly one of an id or a complete identifier. */
    public static List<Problem.FieldError> checkRef(CustomerRef ref, String field) {
        List<Problem.FieldError> errors = new ArrayList<>();
        boolean hasId = ref.id() != null && !ref.id().isBlank();
        if (hasId && ref.identifier() != null) {
            errors.add(Problem.FieldError.of(field, "give either id or identifier, not both"));
        } else if (!hasId && ref.identifier() == null) {
            errors.add(Problem.FieldError.of(field + ".id", "required (or " + field + ".identifier)"));
        } else if (ref.identifier() != null) {
            if (ref.identifier().type() == null) {
                errors.add(Problem.FieldError.of(field + ".identifier.type", "required"));
            }
            if (ref.identifier().value() == null || ref.identifier().value().isBlank()) {
                errors.add(Problem.FieldError.of(field + ".identifier.value", "required"));
            }
        }
        return errors;
    }

    private static CustomerContext inline(JsonNode node) {
        try {
            return ContextJson.fromTree(node);
        } catch (InvalidDocumentException e) {
            throw BadRequestException.of(e.problems().stream().map(p -> p.under("context")).toList());
        }
    }

    private static byte[] json(Decision decision) {
        try {
            return Json.mapper().writeValueAsBytes(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decisions always serialise", e);
        }
    }

    /**
     * What the decision knew from outside the context, as a replay needs it: what was left of each constraint (and
     * the time zone of its periods, where not UTC) and the learned propensities it was given (draws included). Null
     * when it knew nothing from outside.
     */
    private static String outsideJson(OutsideFacts outside, ModelSet.Decision propensities) {
        Map<String, Learned> used = propensities == null ? Map.of() : propensities.used();
        if (outside.remaining().isEmpty() && used.isEmpty()) {
            return null;
        }
        ObjectNode node = Json.mapper().createObjectNode();
        node.set("remaining", Json.mapper().valueToTree(outside.remaining()));
        if (!outside.periodZone().equals(ZoneOffset.UTC)) {
            node.put("periodZone", outside.periodZone().getId());
        }
        if (!used.isEmpty()) {
            node.set("propensities", Json.mapper().valueToTree(new TreeMap<>(used)));
        }
        return node.toString();
    }

}
