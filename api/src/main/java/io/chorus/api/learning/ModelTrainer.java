package io.chorus.api.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.rules.ServingRules;
import io.chorus.engine.context.Channel;
import io.chorus.engine.json.Json;
import io.chorus.engine.learning.Features;
import io.chorus.engine.learning.FrozenModel;
import io.chorus.engine.learning.ModelId;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.learning.OnlineModel;
import io.chorus.engine.learning.Predictors;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.chorus.api.decisions.OutboundStore;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Learns the models from outcomes, on every instance alike: each reads the store's outcomes in their order and
 * applies them to its own copy, so every instance on one store holds the same models without asking the others.
 * Decisions score with the last {@link #current() frozen set}, never waiting for learning. Now and then the
 * models are saved, so a starting instance picks up from there instead of relearning every outcome.
 */
@Context
// Not in a batch job (chorus outbound run --commit): it reads the models the service saved, frozen.
@Requires(notEnv = OutboundStore.BATCH)
public class ModelTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
    private static final int BATCH = 5_000;
    /** A number skipped for longer than this belonged to a transaction that rolled back. */
    private static final long GAP_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(120);
    /** More missing numbers in a row than this are not waited for (a burst of rollbacks, a restored backup). */
    private static final int MOST_GAP = 10_000;

    private final ModelStore store;
    private final ServingRules rules;
    private final long settleMillis;
    private final long saveMillis;
    private final ScheduledExecutorService worker;

    /** Only the worker thread touches the learning state below; decisions read {@link #published}. */
    private Predictors predictors = Predictors.NONE;
    private final Map<ModelId, OnlineModel> models = new HashMap<>();
    private final Map<ModelId, Long> learnedUpTo = new HashMap<>();
    private final Map<ModelId, FrozenModel> frozen = new HashMap<>();
    private final Set<ModelId> changed = new HashSet<>();
    private final Set<ModelId> unsaved = new HashSet<>();
    private Map<String, Long> resets = Map.of();
    private long lastSeq;
    /**
     * Numbers below {@link #lastSeq} not seen yet, with when they were first missed: an outcome's number is given
     * when it is written, so one can commit after a higher one was already read. It is learned when it appears.
     */
    private final java.util.TreeMap<Long, Long> gaps = new java.util.TreeMap<>();
    private long lastSave = System.nanoTime();
    private volatile ModelSet published = ModelSet.EMPTY;
    private volatile long absorbed;

    public ModelTrainer(ModelStore store, ServingRules rules,
                        @Value("${chorus.learning.poll-interval:500ms}") Duration pollInterval,
                        @Value("${chorus.learning.settle:1s}") Duration settle,
                        @Value("${chorus.learning.save-interval:10s}") Duration saveInterval) {
        this.store = store;
        this.rules = rules;
        this.settleMillis = settle.toMillis();
        this.saveMillis = saveInterval.toMillis();
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "chorus-model-trainer");
            thread.setDaemon(true);
            return thread;
        });
        long poll = Math.max(20, pollInterval.toMillis());
        worker.scheduleWithFixedDelay(this::learnQuietly, 0, poll, TimeUnit.MILLISECONDS);
    }

    /** The models as last learned, frozen: what decisions ask. */
    public ModelSet current() {
        return published;
    }

    /** Outcomes learned from since this instance started. */
    public long absorbed() {
        return absorbed;
    }

    /** Learns everything recorded so far (settled), now, on the caller's thread's behalf; for tests and tools. */
    public void catchUp() {
        try {
            worker.submit(this::learn).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("learning failed", e.getCause());
        }
    }

    private void learnQuietly() {
        try {
            learn();
        } catch (RuntimeException e) {
            // The store is away; decisions keep the models they have, and learning resumes where it stopped.
            LOG.warn("Learning from outcomes paused: {}", e.toString());
        }
    }

    private void learn() {
        Predictors wanted = rules.current().predictors();
        if (!wanted.version().equals(predictors.version())) {
            startOver(wanted);
        }
        if (!predictors.learns()) {
            return;
        }
        Map<String, Long> nowReset = store.resets();
        if (!nowReset.equals(resets)) {
            nowReset.forEach((key, after) -> {
                if (!after.equals(resets.get(key))) {
                    forget(key);
                }
            });
            resets = nowReset;
        }
        if (!gaps.isEmpty()) {
            long now = System.nanoTime();
            gaps.values().removeIf(since -> now - since > GAP_LIFETIME_NANOS);
            for (ModelStore.Outcome late : store.outcomes(List.copyOf(gaps.keySet()))) {
                gaps.remove(late.seq());
                learnFrom(late, true);
            }
        }
        long started = System.nanoTime();
        long before = absorbed;
        long read = 0;
        List<ModelStore.Outcome> batch;
        do {
            batch = store.outcomesAfter(lastSeq, BATCH, settleMillis);
            for (ModelStore.Outcome o : batch) {
                if (o.seq() > lastSeq + 1 && o.seq() - lastSeq <= MOST_GAP) {
                    long now = System.nanoTime();
                    for (long missing = lastSeq + 1; missing < o.seq(); missing++) {
                        gaps.put(missing, now);
                    }
                }
                learnFrom(o, false);
                lastSeq = o.seq();
            }
            read += batch.size();
        } while (batch.size() == BATCH);
        publish();
        if (read >= 10_000) {
            double seconds = (System.nanoTime() - started) / 1e9;
            LOG.info("Learned from {} outcomes ({} read) in {} ms: {} outcomes/s", absorbed - before, read,
                    Math.round(seconds * 1000), Math.round(read / seconds));
        }
        if (!unsaved.isEmpty() && System.nanoTime() - lastSave > TimeUnit.MILLISECONDS.toNanos(saveMillis)) {
            save();
        }
    }

    /** {@code late}: an outcome whose number was skipped earlier; it is learned now, once. */
    private void learnFrom(ModelStore.Outcome o, boolean late) {
        Boolean accepted = switch (o.outcome()) {
            case "ACCEPTED" -> Boolean.TRUE;
            case "DECLINED", "IGNORED" -> Boolean.FALSE;
            default -> null; // SENT says nothing about what the customer wanted
        };
        if (accepted == null || o.key() == null || o.featuresJson() == null
                || o.seq() <= resets.getOrDefault(o.key(), 0L)) {
            return;
        }
        Features features = features(o.featuresJson());
        if (features == null) {
            return; // decided under other predictors
        }
        ModelId id = predictors.modelFor(o.key(), Channel.valueOf(o.channel()));
        if (!late && o.seq() <= learnedUpTo.getOrDefault(id, 0L)) {
            return; // already in the saved state this model started from
        }
        models.computeIfAbsent(id, k -> new OnlineModel(k, predictors.forgetting())).learn(features, accepted);
        learnedUpTo.merge(id, o.seq(), Math::max);
        changed.add(id);
        unsaved.add(id);
        absorbed++;
    }

    /** The features a decision kept, if it was decided under these predictors. */
    private Features features(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            if (!predictors.version().equals(node.path("predictors").asText())) {
                return null;
            }
            List<String> values = new ArrayList<>();
            node.path("values").forEach(v -> values.add(v.asText()));
            return new Features(values);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** New predictors: the models learned under the old ones mean nothing now. Start from what is saved. */
    private void startOver(Predictors wanted) {
        predictors = wanted;
        models.clear();
        learnedUpTo.clear();
        frozen.clear();
        changed.clear();
        unsaved.clear();
        gaps.clear();
        lastSeq = 0;
        if (wanted.learns()) {
            long from = Long.MAX_VALUE;
            for (ModelStore.Saved saved : store.saved(wanted.version())) {
                try {
                    OnlineModel.State state = Json.mapper().readValue(saved.stateJson(), OnlineModel.State.class);
                    ModelId id = new ModelId(saved.key(), saved.channel() == null ? null : Channel.valueOf(saved.channel()));
                    models.put(id, OnlineModel.of(id, wanted.forgetting(), state));
                    learnedUpTo.put(id, saved.lastSeq());
                    changed.add(id);
                    from = Math.min(from, saved.lastSeq());
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    LOG.warn("Saved model {} cannot be read; it learns again from the outcomes", saved.modelId());
                }
            }
            // Outcomes after the oldest saved state; the models further along skip what they already hold. Every
            // model that had learned anything by then was saved with it, so nothing before it is missed.
            lastSeq = from == Long.MAX_VALUE ? 0 : from;
        }
        publish();
    }

    private void forget(String key) {
        models.keySet().removeIf(id -> id.key().equals(key));
        learnedUpTo.keySet().removeIf(id -> id.key().equals(key));
        frozen.keySet().removeIf(id -> id.key().equals(key));
        unsaved.removeIf(id -> id.key().equals(key));
        changed.add(new ModelId(key, null));
    }

    private void publish() {
        if (changed.isEmpty() && published.predictors() == predictors) {
            return;
        }
        for (ModelId id : changed) {
            OnlineModel model = models.get(id);
            if (model != null) {
                frozen.put(id, model.freeze());
            }
        }
        changed.clear();
        published = new ModelSet(predictors, frozen);
    }

    private void save() {
        List<ModelStore.Saved> rows = new ArrayList<>();
        for (ModelId id : unsaved) {
            OnlineModel model = models.get(id);
            if (model == null) {
                continue;
            }
            try {
                rows.add(new ModelStore.Saved(id.toString(), id.key(), id.channel() == null ? null : id.channel().name(),
                        predictors.version(), Json.mapper().writeValueAsString(model.state()), learnedUpTo.get(id)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a model's state always serialises", e);
            }
        }
        store.save(rows);
        unsaved.clear();
        lastSave = System.nanoTime();
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
