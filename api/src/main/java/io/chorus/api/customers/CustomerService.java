package io.chorus.api.customers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.ConflictException;
import io.chorus.api.problems.NotFoundException;
import io.chorus.api.problems.Problem;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Identifier;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.json.Json;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading customers by any of their names, and creating or replacing their profiles. */
@Singleton
public class CustomerService {
    /** The profile (CONTRACT section 3): what PUT replaces. The rest of section 1 is history, kept by events. */
    private static final List<String> HISTORY = List.of("consentChanges", "accountEvents", "charges",
            "interactions", "cases", "promotions", "surveys", "contactHistory");

    private final CustomerStore store;

    public CustomerService(CustomerStore store) {
        this.store = store;
    }

    public CustomerContext context(String customerId) {
        return store.findById(customerId).map(row -> parseStored(row.contextJson()))
                .orElseThrow(() -> unknownCustomer(customerId));
    }

    /** The stored customer a request names by id or by any identifier; 404 when nobody answers to it. */
    public CustomerContext resolve(CustomerRef ref) {
        if (ref.id() != null) {
            return store.findById(ref.id()).map(row -> parseStored(row.contextJson()))
                    .orElseThrow(() -> unknownCustomer(ref.id()));
        }
        Identifier identifier = ref.identifier();
        return store.findByIdentifier(identifier).map(row -> parseStored(row.contextJson()))
                .orElseThrow(() -> new NotFoundException("Unknown identifier",
                        "No customer is known by " + identifier.type() + " " + identifier.value() + "."));
    }

    /**
     * PUT /v1/customers/{id}: replaces name, segment, identifiers, consents, accounts and subscriptions. History
     * lists present in the body replace the stored ones (an import of a whole document); absent ones are kept.
     */
    @Transactional
    public ProfileSaved saveProfile(String customerId, byte[] body) {
        JsonNode node = RequestBodies.object(body);
        JsonNode givenId = node.get("customerId");
        if (givenId != null && !givenId.isNull() && !customerId.equals(givenId.asText())) {
            throw BadRequestException.of("customerId", "must match the path (" + customerId + "), was \""
                    + givenId.asText() + "\"");
        }
        ObjectNode document = ((ObjectNode) node).deepCopy();
        document.put("customerId", customerId);
        Optional<CustomerRow> existing = Optional.ofNullable(store.lockForUpdate(List.of(customerId)).get(customerId));
        if (existing.isPresent()) {
            JsonNode stored = parseTree(existing.get().contextJson());
            for (String history : HISTORY) {
                if (!document.has(history) && stored.has(history)) {
                    document.set(history, stored.get(history));
                }
            }
        }
        CustomerContext context;
        try {
            context = ContextJson.fromTree(document);
        } catch (InvalidDocumentException e) {
            throw BadRequestException.of(e.problems());
        }
        List<Identifier> identifiers = distinct(context.identifiers());
        Map<Identifier, String> taken = store.ownedByOthers(customerId, identifiers);
        if (!taken.isEmpty()) {
            List<Problem.FieldError> errors = new ArrayList<>();
            taken.forEach((identifier, owner) -> errors.add(Problem.FieldError.of(
                    "identifiers[" + context.identifiers().indexOf(identifier) + "]",
                    identifier.type() + " " + identifier.value() + " already belongs to customer " + owner)));
            throw new ConflictException("An identifier resolves to exactly one customer.", errors);
        }
        boolean created = store.upsert(customerId, ContextJson.write(context));
        store.replaceIdentifiers(customerId, identifiers);
        return new ProfileSaved(created, context);
    }

    public record ProfileSaved(boolean created, CustomerContext context) {
    }

    static NotFoundException unknownCustomer(String customerId) {
        return new NotFoundException("Unknown customer", "No customer " + customerId + " is stored.");
    }

    /** What we stored ourselves was valid when written; a failure here is ours, not the caller's. */
    static CustomerContext parseStored(String json) {
        try {
            return ContextJson.parse(json);
        } catch (InvalidDocumentException e) {
            throw new IllegalStateException("a stored context no longer validates: " + e.getMessage(), e);
        }
    }

    private static JsonNode parseTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored context is not JSON", e);
        }
    }

    private static List<Identifier> distinct(List<Identifier> identifiers) {
        return identifiers.stream().distinct().toList();
    }
}
