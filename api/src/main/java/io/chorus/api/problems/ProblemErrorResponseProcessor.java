package io.chorus.api.problems;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Errors the framework raises itself (unknown route, wrong method, unreadable parameter) in the same RFC 9457
 * shape as ours, so a client parses one kind of error everywhere.
 */
@Primary
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        List<Problem.FieldError> errors = context.getErrors().stream()
                .map(e -> Problem.FieldError.of(e.getPath().orElse(null), e.getMessage()))
                .toList();
        String detail = errors.isEmpty() ? status.getReason()
                : BadRequestException.describe(errors);
        MutableHttpResponse<byte[]> problem = ProblemResponses.of(context.getRequest(), status, status.getReason(),
                detail, status == HttpStatus.BAD_REQUEST ? errors : List.of());
        response.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> problem.header(name, v));
            }
        });
        return problem;
    }
}
