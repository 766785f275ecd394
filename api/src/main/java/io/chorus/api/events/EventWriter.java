package io.chorus.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.customers.CustomerRef;
import io.chorus.api.customers.CustomerRow;
import io.chorus.api.customers.CustomerService;
import io.chorus.api.customers.CustomerStore;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.ContextValidator;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.identity.InvalidIdentifierException;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.Json;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Applies a checked batch in one transaction: each new event is kept and changes its customer's context; a
 * repeated event changes nothing. One event that does not fit, or an eventId reused for different content, rolls
 * the whole batch back: {@link #write} then throws {@link Rejected}, which carries the answer as a value and is
 * thrown only so the transaction rolls back ({@link EventService} turns it back into the value).
 */
@Singleton
public class EventWriter {
    private final CustomerStore customers;
    private final CustomerService references;
    private final EventStore events;

    public EventWriter(CustomerStore customers, CustomerService references, EventStore events) {
        this.customers = customers;
        this.references = references;
        this.events = events;
    }

    @Transactional
    public EventResult.Accepted write(List<ReceivedEvent> batch) {
        List<EventProblem> errors = new ArrayList<>();
        Map<CustomerRef, String> customerIds = new HashMap<>();
        // Customers named by id are looked up together: a poll of a topic names hundreds of them.
        Set<String> named = new HashSet<>();
        batch.forEach(event -> {
            if (event.body().customer().id() != null) {
                named.add(event.body().customer().id());
            }
        });
        Set<String> stored = named.isEmpty() ? Set.of() : customers.existing(named);
        for (ReceivedEvent event : batch) {
            CustomerRef ref = event.body().customer();
            String id;
            try {
                id = ref.id() != null ? (stored.contains(ref.id()) ? ref.id() : null)
                        : customerIds.computeIfAbsent(ref, r -> references.storedId(r).orElse(null));
            } catch (InvalidIdentifierException e) {
                errors.add(error(event, "customer.identifier.value", e.getMessage()));
                continue;
            }
            if (id == null) {
                errors.add(error(event, ref.id() != null ? "customer.id" : "customer.identifier",
                        ref.id() != null ? "no customer " + ref.id() + " is stored"
                                : "no customer is known by " + ref.identifier().type() + " " + ref.identifier().value()));
            } else {
                customerIds.put(ref, id);
            }
        }
        if (!errors.isEmpty()) {
            throw new Rejected(new EventResult.Invalid(errors));
        }
        Map<String, CustomerRow> rows = customers.lockForUpdate(new TreeSet<>(customerIds.values()));
        List<EventStore.NewEvent> rowsToKeep = new ArrayList<>(batch.size());
        for (ReceivedEvent event : batch) {
            EventBody body = event.body();
            rowsToKeep.add(new EventStore.NewEvent(body.eventId(), customerIds.get(body.customer()),
                    body.type().name(), body.at(), json(event)));
        }
        Set<String> kept = new HashSet<>(events.insertAllIfNew(rowsToKeep));
        Map<String, JsonNode> keptNow = new HashMap<>();
        Map<String, ContextDraft> drafts = new LinkedHashMap<>();
        List<EventsAccepted.Outcome> outcomes = new ArrayList<>();
        List<EventProblem> reused = new ArrayList<>();
        int applied = 0;
        for (ReceivedEvent event : batch) {
            EventBody body = event.body();
            String customerId = customerIds.get(body.customer());
            // The first of an id in the batch is the one kept; a later one is a repeat of it, or a reuse.
            boolean isNew = kept.remove(body.eventId());
            if (!isNew) {
                JsonNode earlier = keptNow.get(body.eventId());
                boolean same = earlier != null ? earlier.equals(SAME_VALUE, event.sent())
                        : sameEvent(events.body(body.eventId()).orElse(null), event.sent());
                if (!same) {
                    reused.add(error(event, "eventId", "eventId " + body.eventId() + " was received before with "
                            + "different content; an event's id names that event only (send a new id for a new event)"));
                    continue;
                }
                outcomes.add(new EventsAccepted.Outcome(event.index(), body.eventId(), customerId,
                        EventsAccepted.Status.DUPLICATE));
                continue;
            }
            keptNow.put(body.eventId(), event.sent());
            ContextDraft draft = drafts.computeIfAbsent(customerId,
                    id -> new ContextDraft(ContextJson.parseStored(rows.get(id).contextJson())));
            try {
                EventApplier.apply(draft, body);
                applied++;
                outcomes.add(new EventsAccepted.Outcome(event.index(), body.eventId(), customerId,
                        EventsAccepted.Status.APPLIED));
            } catch (EventProblems problems) {
                problems.problems().forEach(p -> errors.add(error(event, p.field(), p.message())));
            }
        }
        if (!errors.isEmpty()) {
            throw new Rejected(new EventResult.Invalid(errors));
        }
        if (!reused.isEmpty()) {
            throw new Rejected(new EventResult.Conflict(reused));
        }
        Map<String, String> contexts = new LinkedHashMap<>();
        for (ContextDraft draft : drafts.values()) {
            CustomerContext context = draft.toContext();
            List<FieldProblem> invalid = ContextValidator.validateRecord(context);
            if (!invalid.isEmpty()) {
                throw new Rejected(new EventResult.Invalid(invalid.stream()
                        .map(p -> new EventProblem(null, null, p.field(), "the events would leave customer "
                                + draft.customerId() + "'s context invalid: " + p.message())).toList()));
            }
            contexts.put(draft.customerId(), ContextJson.write(context));
        }
        if (!contexts.isEmpty()) {
            customers.updateAll(contexts);
        }
        return new EventResult.Accepted(new EventsAccepted(batch.size(), applied, batch.size() - applied, outcomes));
    }

    private static EventProblem error(ReceivedEvent event, String field, String message) {
        return new EventProblem(event.index(), event.body().eventId(), field, message);
    }

    /** A batch refused: thrown through the transaction so that it rolls back, with the answer inside. */
    static final class Rejected extends RuntimeException {
        private final EventResult result;

        Rejected(EventResult result) {
            super(null, null, false, false);
            this.result = result;
        }

        EventResult result() {
            return result;
        }
    }

    /**
     * A repeat sends the same event again: the same fields with the same values, in any order and spacing, numbers
     * equal as numbers (12.5 is 12.50). Anything else under the same eventId is another event.
     */
    static boolean sameEvent(String storedJson, JsonNode sent) {
        if (storedJson == null) {
            return false;
        }
        JsonNode stored;
        try {
            stored = Json.mapper().readTree(storedJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
        return stored.equals(SAME_VALUE, sent);
    }

    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static String json(ReceivedEvent event) {
        try {
            return Json.mapper().writeValueAsString(event.sent());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event always serialises", e);
        }
    }
}
