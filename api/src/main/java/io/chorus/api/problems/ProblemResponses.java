package io.chorus.api.problems;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.engine.json.Json;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;

import java.util.List;

/** Builds {@code application/problem+json} responses (RFC 9457). */
public final class ProblemResponses {
    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemResponses() {
    }

    public static MutableHttpResponse<byte[]> of(HttpRequest<?> request, HttpStatus status, String title,
                                                 String detail, List<Problem.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status.getCode(), detail,
                request == null ? null : request.getPath(), errors);
        return HttpResponse.<byte[]>status(status).contentType(PROBLEM_JSON).body(bytes(problem));
    }

    public static MutableHttpResponse<byte[]> of(HttpRequest<?> request, ApiException e) {
        return of(request, e.status(), e.title(), e.getMessage(), e.errors());
    }

    public static MutableHttpResponse<byte[]> storeUnavailable(HttpRequest<?> request) {
        return of(request, HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable",
                "The customer store cannot be reached; retry shortly.", List.of())
                .header("Retry-After", "5");
    }

    private static byte[] bytes(Problem problem) {
        try {
            return Json.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document always serialises", e);
        }
    }
}
