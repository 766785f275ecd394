package io.chorus.api.events;

import java.util.List;

/** The reply to POST /v1/events: each event applied, or a duplicate of one already received. */
public record EventsAccepted(int received, int applied, int duplicates, List<Outcome> events) {

    public enum Status { APPLIED, DUPLICATE }

    public record Outcome(int index, String eventId, String customerId, Status status) {
    }
}
