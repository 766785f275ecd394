package io.chorus.api.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.chorus.engine.json.Json;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/**
 * Bodies written with the engine's contract mapper (ISO timestamps, two-decimal money, no nulls), so the
 * service's JSON is byte for byte what {@code chorus decide} prints.
 */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static MutableHttpResponse<byte[]> ok(Object body) {
        return status(HttpStatus.OK, body);
    }

    /** A body already serialised with the contract mapper. */
    public static MutableHttpResponse<byte[]> okJson(byte[] json) {
        return HttpResponse.<byte[]>status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON_TYPE).body(json);
    }

    public static MutableHttpResponse<byte[]> status(HttpStatus status, Object body) {
        try {
            return HttpResponse.<byte[]>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response bodies always serialise", e);
        }
    }
}
