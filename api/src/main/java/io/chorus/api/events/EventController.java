package io.chorus.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.ConflictException;
import io.chorus.api.problems.Problem;
import io.chorus.engine.json.Limits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

import java.util.ArrayList;
import java.util.List;

/** POST /v1/events: reads the body as one event or a list, and answers {@link EventService}'s result in HTTP. */
@Controller("/v1/events")
public class EventController {
    private final EventService events;

    public EventController(EventService events) {
        this.events = events;
    }

    /** One event or a list; all applied or none (400 naming the event's index, eventId and field). */
    @Post
    @Allowed(Role.RECORDER)
    public HttpResponse<byte[]> post(@Nullable @Body byte[] body) {
        EventResult result = events.apply(batch(body));
        if (result instanceof EventResult.Invalid invalid) {
            throw new BadRequestException(errors(invalid.problems()));
        }
        if (result instanceof EventResult.Conflict conflict) {
            throw new ConflictException("An eventId was reused for a different event; nothing in the batch was "
                    + "applied.", errors(conflict.problems()));
        }
        return JsonResponses.ok(((EventResult.Accepted) result).accepted());
    }

    private static List<JsonNode> batch(byte[] body) {
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
        return nodes;
    }

    private static List<Problem.FieldError> errors(List<EventProblem> problems) {
        return problems.stream()
                .map(p -> new Problem.FieldError(p.index(), p.eventId(), p.field(), p.message())).toList();
    }
}
