package io.chorus.api.events;

import com.fasterxml.jackson.databind.JsonNode;

/** One event of a batch: where it was in the batch, as bound, and as sent (kept verbatim in customer_event). */
record ReceivedEvent(int index, EventBody body, JsonNode sent) {
}
