package io.chorus.api.events;

import java.util.List;

/**
 * What became of a batch of events, as a value: no transport in it. HTTP answers it with 200, 400 or 409; the
 * Kafka consumer commits, or sends the records at fault to the dead-letter topic. A rejected batch changed nothing.
 */
public sealed interface EventResult {

    /** Every event applied, or recognised as a repeat of one already applied. */
    record Accepted(EventsAccepted accepted) implements EventResult {
    }

    /** Events that are malformed or do not fit the customer's record; nothing of the batch was applied. */
    record Invalid(List<EventProblem> problems) implements EventResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** An eventId received before with other content; nothing of the batch was applied. */
    record Conflict(List<EventProblem> problems) implements EventResult {
        public Conflict {
            problems = List.copyOf(problems);
        }
    }
}
