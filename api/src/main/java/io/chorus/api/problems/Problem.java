package io.chorus.api.problems;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code errors} names every field that was wrong, so the caller can fix the
 * request without reading our code.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    /** One wrong field; {@code index} and {@code eventId} locate it in a batch of events. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Integer index, String eventId, String field, String message) {
        public static FieldError of(String field, String message) {
            return new FieldError(null, null, field, message);
        }
    }
}
