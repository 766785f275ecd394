package io.chorus.api.constraints;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.chorus.api.rules.ServingRules;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.time.Instant;

/** GET /v1/constraints: each volume constraint of the active rule set, with what is used and left now. */
@Controller("/v1/constraints")
public class ConstraintsController {
    private final VolumeLimits limits;
    private final ServingRules rules;

    public ConstraintsController(VolumeLimits limits, ServingRules rules) {
        this.limits = limits;
        this.rules = rules;
    }

    @Get
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> list() {
        return JsonResponses.ok(limits.usage(rules.current().constraints(), Instant.now()));
    }
}
