package io.chorus.api.problems;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** 409: the request is well formed but contradicts what is stored, e.g. an identifier owned by another customer. */
public class ConflictException extends ApiException {
    public ConflictException(String detail, List<Problem.FieldError> errors) {
        super(HttpStatus.CONFLICT, "Conflict", detail, errors);
    }
}
