package io.chorus.api.problems;

import io.micronaut.http.HttpStatus;

import java.util.List;

/** 404: an unknown customer, identifier or decision. */
public class NotFoundException extends ApiException {
    public NotFoundException(String title, String detail) {
        super(HttpStatus.NOT_FOUND, title, detail, List.of());
    }
}
