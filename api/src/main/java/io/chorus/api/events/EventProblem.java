package io.chorus.api.events;

/**
 * One thing wrong with an event, whatever carried it: {@code index} is its place in the batch it came in (null when
 * the problem is the batch's as a whole), {@code eventId} its id when it had a usable one, {@code field} the field
 * at fault ("" for the event itself).
 */
public record EventProblem(Integer index, String eventId, String field, String message) {
}
