package io.chorus.api.operations;

import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.Problem;
import io.chorus.api.problems.ProblemResponses;
import io.chorus.engine.json.Limits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The limits of docs/api.md on what a request carries outside its body: every path variable is an id
 * (at most 128 characters, no NUL), every query value text (at most 4,096). A 400 naming the parameter, before any
 * controller runs, so no store ever sees a {@code %00}. Runs after the caller is checked: a caller without a key
 * learns nothing from it.
 */
@ServerFilter("/v1/**")
@Order(RequestLimitsFilter.ORDER)
public class RequestLimitsFilter {
    /** After Micronaut Security's filter, which asks {@link io.chorus.api.access.AccessRule} who may call. */
    public static final int ORDER = 39_250; // ServerFilterPhase.SECURITY.after(): a constant, as @Order needs

    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        RouteMatch<?> route = RouteAttributes.getRouteMatch(request).orElse(null);
        if (route != null) {
            for (Map.Entry<String, Object> variable : route.getVariableValues().entrySet()) {
                if (variable.getValue() instanceof CharSequence value) {
                    String problem = Limits.idProblem(value.toString());
                    if (problem != null) {
                        errors.add(Problem.FieldError.of(variable.getKey(), problem));
                    }
                }
            }
        }
        request.getParameters().forEach((name, values) -> {
            String nameProblem = Limits.characterProblem(name);
            if (nameProblem != null) {
                errors.add(Problem.FieldError.of("(query parameter name)", nameProblem));
                return;
            }
            for (String value : values) {
                String problem = Limits.textProblem(value);
                if (problem != null) {
                    errors.add(Problem.FieldError.of(name, problem));
                }
            }
        });
        if (errors.isEmpty()) {
            return null;
        }
        return ProblemResponses.of(request, new BadRequestException(errors));
    }
}
