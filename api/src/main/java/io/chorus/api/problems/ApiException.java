package io.chorus.api.problems;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** A request the service refuses, with the status and the words to put in the problem document. */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiException(HttpStatus status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
