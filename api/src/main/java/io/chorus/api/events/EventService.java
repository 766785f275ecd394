package io.chorus.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.decisions.DecisionService;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;
import io.chorus.engine.json.Limits;
import io.chorus.engine.json.TreeLimits;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place events are applied, whichever way they arrive (POST /v1/events, a Kafka topic): reads and checks
 * every event of the batch before anything is written, then hands the batch to {@link EventWriter}, which applies
 * all of it in one transaction or none of it. The answer is a value ({@link EventResult}); each transport maps it
 * to its own terms. A store that cannot be reached is the one thing thrown.
 */
@Singleton
public class EventService {
    private final EventWriter writer;

    public EventService(EventWriter writer) {
        this.writer = writer;
    }

    /** Applies the batch, each element one event as sent (index i in every problem is element i). */
    public EventResult apply(List<JsonNode> nodes) {
        List<ReceivedEvent> events = new ArrayList<>();
        List<EventProblem> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            List<FieldProblem> problems = new ArrayList<>();
            EventBody event = read(node, problems);
            for (FieldProblem p : problems) {
                errors.add(new EventProblem(i, eventIdOf(node), p.field(), p.message()));
            }
            if (problems.isEmpty()) {
                events.add(new ReceivedEvent(i, event, node));
            }
        }
        if (!errors.isEmpty()) {
            return new EventResult.Invalid(errors);
        }
        try {
            return writer.write(events);
        } catch (EventWriter.Rejected rejected) {
            return rejected.result();
        }
    }

    /** The event's id as a problem may repeat it: short, and without what made it wrong; null otherwise. */
    public static String eventIdOf(JsonNode node) {
        if (node == null || !node.path("eventId").isTextual()) {
            return null;
        }
        String eventId = node.path("eventId").asText();
        return Limits.idProblem(eventId) == null ? eventId : null;
    }

    /** Binds one event, adding to {@code problems} whatever keeps it from being one. */
    private static EventBody read(JsonNode node, List<FieldProblem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem("", "expected an event object"));
            return null;
        }
        problems.addAll(TreeLimits.check(node));
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            EventBody event = Json.strictReader().treeToValue(node, EventBody.class);
            problems.addAll(common(event));
            return event;
        } catch (JsonProcessingException e) {
            problems.add(JsonProblems.of(e));
            return null;
        }
    }

    /** The fields every event has, whatever its type. */
    private static List<FieldProblem> common(EventBody e) {
        List<FieldProblem> problems = new ArrayList<>();
        if (e.eventId() == null || e.eventId().isBlank()) {
            problems.add(new FieldProblem("eventId", "required"));
        }
        if (e.customer() == null) {
            problems.add(new FieldProblem("customer", "required: {\"id\": …} or {\"identifier\": {…}}"));
        } else {
            DecisionService.checkRef(e.customer(), "customer")
                    .forEach(err -> problems.add(new FieldProblem(err.field(), err.message())));
        }
        if (e.type() == null) {
            problems.add(new FieldProblem("type", "required"));
        }
        if (e.at() == null) {
            problems.add(new FieldProblem("at", "required"));
        }
        return problems;
    }
}
