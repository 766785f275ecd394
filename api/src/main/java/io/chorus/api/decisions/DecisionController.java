package io.chorus.api.decisions;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.concurrent.CompletableFuture;

@Controller("/v1/decisions")
public class DecisionController {
    private final DecisionService decisions;
    private final OutcomeService outcomes;
    private final DecisionAudit audit;

    public DecisionController(DecisionService decisions, OutcomeService outcomes, DecisionAudit audit) {
        this.decisions = decisions;
        this.outcomes = outcomes;
        this.audit = audit;
    }

    /** The decision as answered, with the context the engine saw and when it was recorded. */
    @Get("/{decisionId}")
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> read(String decisionId) {
        return JsonResponses.ok(audit.read(decisionId));
    }

    /** Re-decides with the stored context: on the version that decided (identical), or on another one. */
    @Post("/{decisionId}/replay")
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> replay(String decisionId, @Nullable @Body byte[] body) {
        return JsonResponses.ok(audit.replay(decisionId, body));
    }

    /** On a few threads of its own ({@link DecisionThreads}), not one per request in flight. */
    @Post
    @Allowed(Role.CHANNEL)
    @ExecuteOn(DecisionThreads.NAME)
    public CompletableFuture<HttpResponse<byte[]>> decide(@Nullable @Body byte[] body) {
        return decisions.decide(body).thenApply(answer -> JsonResponses.okJson(answer.json()));
    }

    /** 201 when recorded, 200 when the same outcome was already recorded for that action. */
    @Post("/{decisionId}/outcomes")
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> recordOutcome(String decisionId, @Nullable @Body byte[] body) {
        OutcomeRecorded recorded = outcomes.record(decisionId, body);
        return JsonResponses.status(recorded.duplicate() ? HttpStatus.OK : HttpStatus.CREATED, recorded);
    }
}
