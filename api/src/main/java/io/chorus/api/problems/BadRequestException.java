package io.chorus.api.problems;

import io.chorus.engine.json.FieldProblem;
import io.micronaut.http.HttpStatus;

import java.util.List;
import java.util.stream.Collectors;

/** 400: the request is malformed or invalid; every problem names its field. */
public class BadRequestException extends ApiException {

    public BadRequestException(List<Problem.FieldError> errors) {
        super(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors);
    }

    public static BadRequestException of(String field, String message) {
        return new BadRequestException(List.of(Problem.FieldError.of(field, message)));
    }

    public static BadRequestException of(List<FieldProblem> problems) {
        return new BadRequestException(problems.stream()
                .map(p -> Problem.FieldError.of(p.field(), p.message())).toList());
    }

    static String describe(List<Problem.FieldError> errors) {
        return errors.stream().map(e -> {
            String where = e.index() == null ? "" : "event " + e.index()
                    + (e.eventId() == null ? "" : " (" + e.eventId() + ")") + ": ";
            return where + (e.field() == null || e.field().isEmpty() ? "" : e.field() + ": ") + e.message();
        }).collect(Collectors.joining("; "));
    }
}
