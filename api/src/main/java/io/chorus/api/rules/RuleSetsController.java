package io.chorus.api.rules;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.chorus.engine.json.Json;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

import java.util.List;

/** Rule sets as deployed versions (docs/api.md): deploy, list, activate, and the champion/challenger split. */
@Controller("/v1/rule-sets")
public class RuleSetsController {
    private final RuleSetDeploys deploys;

    public RuleSetsController(RuleSetDeploys deploys) {
        this.deploys = deploys;
    }

    /** 201 for a new version, 200 when the same files were deployed before; 422 when the gate refuses. */
    @Post
    @Allowed(Role.ADMIN)
    public HttpResponse<byte[]> deploy(@Nullable @Body byte[] body) {
        RuleSetDeploys.Deployed deployed = deploys.deploy(body);
        return JsonResponses.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK, deployed);
    }

    @Get
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> list() {
        return JsonResponses.ok(deploys.list());
    }

    @Post("/{version}/activate")
    @Allowed(Role.ADMIN)
    public HttpResponse<byte[]> activate(String version) {
        return JsonResponses.ok(deploys.activate(version));
    }

    @Put("/challenger")
    @Allowed(Role.ADMIN)
    public HttpResponse<byte[]> setChallenger(@Nullable @Body byte[] body) {
        return JsonResponses.ok(deploys.setChallenger(body));
    }

    @Get("/challenger")
    @Allowed(Role.ANALYST)
    public HttpResponse<byte[]> challenger() {
        return JsonResponses.ok(deploys.challenger());
    }

    @Delete("/challenger")
    @Allowed(Role.ADMIN)
    public HttpResponse<byte[]> endChallenger() {
        deploys.endChallenger();
        return HttpResponse.noContent();
    }

    /** The refusal as problem+json: every compile error and failed scenario at its file and line. */
    public record Refusal(String type, String title, int status, String detail, String instance,
                          List<RuleSetView.Error> errors, List<RuleSetView.Error> failedScenarios,
                          List<RuleSetView.Error> warnings) {
    }

    @Error(exception = RuleSetDeploys.Refused.class)
    public HttpResponse<byte[]> refused(HttpRequest<?> request, RuleSetDeploys.Refused refused) throws Exception {
        RuleSetVersions.Deployment d = refused.deployment();
        Refusal body = new Refusal("about:blank", "Rule set refused", 422,
                d.errors().size() + " compile error(s) and " + d.failedScenarios().size()
                        + " failed scenario expectation(s); nothing was stored or activated.",
                request.getPath(), d.errors().stream().map(RuleSetView.Error::of).toList(),
                d.failedScenarios().stream().map(RuleSetView.Error::of).toList(),
                d.warnings().stream().map(RuleSetView.Error::of).toList());
        return HttpResponse.<byte[]>status(HttpStatus.UNPROCESSABLE_ENTITY)
                .contentType(MediaType.of("application/problem+json"))
                .body(Json.mapper().writeValueAsBytes(body));
    }
}
