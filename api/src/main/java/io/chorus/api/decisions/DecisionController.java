package io.chorus.api.decisions;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

@Controller("/v1/decisions")
public class DecisionController {
    private final DecisionService decisions;
    private final OutcomeService outcomes;

    public DecisionController(DecisionService decisions, OutcomeService outcomes) {
        this.decisions = decisions;
        this.outcomes = outcomes;
    }

    @Post
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> decide(@Nullable @Body byte[] body) {
        return JsonResponses.ok(decisions.decide(body));
    }

    /** 201 when recorded, 200 when the same outcome was already recorded for that action. */
    @Post("/{decisionId}/outcomes")
    @Allowed(Role.CHANNEL)
    public HttpResponse<byte[]> recordOutcome(String decisionId, @Nullable @Body byte[] body) {
        OutcomeRecorded recorded = outcomes.record(decisionId, body);
        return JsonResponses.status(recorded.duplicate() ? HttpStatus.OK : HttpStatus.CREATED, recorded);
    }
}
