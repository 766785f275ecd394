package io.chorus.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.decisions.DecisionService;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.Problem;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.Json;
import io.chorus.engine.json.JsonProblems;
import io.chorus.engine.json.Limits;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/events: reads and checks every event of the batch before anything is written, then hands the batch
 * to {@link EventWriter}, which applies all of it in one transaction or none of it.
 */
@Singleton
public class EventService {
    private final EventWriter writer;

    public EventService(EventWriter writer) {
        this.writer = writer;
    }

    public EventsAccepted ingest(byte[] body) {
        JsonNode tree = RequestBodies.tree(body);
        List<JsonNode> nodes = new ArrayList<>();
        if (tree.isArray()) {
            tree.forEach(nodes::add);
            if (nodes.isEmpty()) {
                throw BadRequestException.of("", "an empty list: send one event or a list of events");
            }
            if (nodes.size() > Limits.MOST_EVENTS_PER_BATCH) {
                throw BadRequestException.of("", "at most " + String.format("%,d", Limits.MOST_EVENTS_PER_BATCH)
                        + " events in one request, was " + String.format("%,d", nodes.size()));
            }
        } else if (tree.isObject()) {
            nodes.add(tree);
        } else {
            throw BadRequestException.of("", "expected an event object or a list of events");
        }
        List<ReceivedEvent> events = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String eventId = node.path("eventId").isTextual() ? printable(node.path("eventId").asText()) : null;
            List<FieldProblem> problems = new ArrayList<>();
            EventBody event = null;
            if (!node.isObject()) {
                problems.add(new FieldProblem("", "expected an event object"));
            } else {
                problems.addAll(RequestBodies.limits(node));
                if (problems.isEmpty()) {
                    try {
                        event = Json.strictReader().treeToValue(node, EventBody.class);
                        problems.addAll(common(event));
                    } catch (JsonProcessingException e) {
                        problems.add(JsonProblems.of(e));
                    }
                }
            }
            for (FieldProblem p : problems) {
                errors.add(new Problem.FieldError(i, eventId, p.field(), p.message()));
            }
            if (problems.isEmpty()) {
                events.add(new ReceivedEvent(i, event, node));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        return writer.write(events);
    }

    /** An eventId as a problem document may repeat it: short, and without what made it wrong. */
    private static String printable(String eventId) {
        return Limits.idProblem(eventId) == null ? eventId : null;
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
