package io.chorus.api.rules;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;

@Controller("/v1/rules")
public class RulesController {
    private final ServingRules rules;

    public RulesController(ServingRules rules) {
        this.rules = rules;
    }

    @Get
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> show() {
        return JsonResponses.ok(RuleSetView.of(rules.current(), rules.lastFailure().orElse(null), rules.directory()));
    }

    /** Compiles the rule directory now instead of waiting for the watcher; 200 either way, the body says. */
    @Post("/reload")
    @Allowed(Role.ADMIN)
    public HttpResponse<byte[]> reload() {
        rules.reload();
        return JsonResponses.ok(RuleSetView.of(rules.current(), rules.lastFailure().orElse(null), rules.directory()));
    }
}
