package io.chorus.api.customers;

import io.chorus.engine.context.Identifier;

/** How a request names a stored customer: {@code {"id": …}} or {@code {"identifier": {"type": …, "value": …}}}. */
public record CustomerRef(String id, Identifier identifier) {
}
