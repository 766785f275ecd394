package io.chorus.api.learning;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.chorus.api.problems.NotFoundException;
import io.chorus.engine.learning.FrozenModel;
import io.chorus.engine.learning.ModelSet;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

import java.util.Comparator;
import java.util.List;

/** GET /v1/models: what each model has learned and how well it ranks; DELETE /v1/models/{key} forgets one. */
@Controller("/v1/models")
public class ModelsController {
    private final ModelTrainer trainer;
    private final ModelStore store;

    public ModelsController(ModelTrainer trainer, ModelStore store) {
        this.trainer = trainer;
        this.store = store;
    }

    public record PredictorView(String name, double importance) {
    }

    /** One model; {@code channel} is null for a model of the key on every channel. */
    public record ModelView(String key, String channel, long positives, long negatives, Double auc, boolean active,
                            List<PredictorView> predictors, long outcomes, String predictorsVersion) {
    }

    @Get
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> list() {
        ModelSet models = trainer.current();
        List<ModelView> views = models.models().stream()
                .sorted(Comparator.comparing((FrozenModel m) -> m.id().key())
                        .thenComparing(m -> m.id().channel() == null ? "" : m.id().channel().name()))
                .map(m -> new ModelView(m.id().key(), m.id().channel() == null ? null : m.id().channel().name(),
                        m.positives(), m.negatives(), round(m.auc()), m.active(models.predictors()),
                        m.importance(models.predictors()).stream()
                                .map(i -> new PredictorView(i.name(), Math.round(i.importance() * 1000) / 1000.0)).toList(),
                        m.outcomes(), models.predictors().version()))
                .toList();
        return JsonResponses.ok(views);
    }

    /** Forgets the key's models on every instance: they learn again from the next outcomes. */
    @Delete("/{key}")
    @Allowed(Role.ADMIN)
    public HttpResponse<?> forget(@PathVariable String key) {
        if (store.reset(key).isEmpty()) {
            throw new NotFoundException("Unknown model", "No model has learned anything for the action key " + key + ".");
        }
        trainer.catchUp();
        return HttpResponse.noContent();
    }

    private static Double round(Double auc) {
        return auc == null ? null : Math.round(auc * 1000) / 1000.0;
    }
}
