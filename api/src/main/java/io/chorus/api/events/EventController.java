package io.chorus.api.events;

import io.chorus.api.access.Allowed;
import io.chorus.api.access.Role;
import io.chorus.api.operations.JsonResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

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
        return JsonResponses.ok(events.ingest(body));
    }
}
