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
import io.chorus.engine.identity.IdentifierPolicy;
import io.chorus.engine.identity.InvalidIdentifierException;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.json.Json;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading customers by any of their names, and creating or replacing their profiles. Identifiers are stored, and
 * looked up, only in the normal form of {@link IdentifierPolicy}: in {@code customer_identifier} and in the context
 * document alike, so every reader sees one form.
 */
@Singleton
public class CustomerService {
    /** The profile (docs/api.md, "Writing the record"): what PUT replaces. The rest of the context is history, kept by events. */
    private static final List<String> HISTORY = List.of("consentChanges", "accountEvents", "charges",
            "interactions", "cases", "promotions", "surveys", "contactHistory");

    private final CustomerStore store;
    private final IdentifierPolicy identifiers;

    public CustomerService(CustomerStore store, IdentifierPolicy identifiers) {
        this.store = store;
        this.identifiers = identifiers;
    }

    public CustomerContext context(String customerId) {
        return store.findById(customerId).map(row -> parseStored(row.contextJson()))
                .orElseThrow(() -> unknownCustomer(customerId));
    }

    /**
     * The stored customer a request names by id or by any identifier; 404 when nobody answers to it, 400 naming
     * {@code customer.identifier.value} when the identifier cannot name anyone (an MSISDN that is no phone number).
     */
    public CustomerContext resolve(CustomerRef ref) {
        return resolveStored(ref).context();
    }

    /** A stored customer's context, with the document exactly as stored and the version it is (what an audit keeps). */
    public record StoredContext(CustomerContext context, String json, long version) {
    }

    /** Like {@link #resolve}, keeping the stored document as read. */
    public StoredContext resolveStored(CustomerRef ref) {
        if (ref.id() != null) {
            return store.findById(ref.id()).map(row -> new StoredContext(parseStored(row.contextJson()),
                    row.contextJson(), row.version())).orElseThrow(() -> unknownCustomer(ref.id()));
        }
        Identifier identifier;
        try {
            identifier = identifiers.normalise(ref.identifier());
        } catch (InvalidIdentifierException e) {
            throw BadRequestException.of("customer.identifier.value", e.getMessage());
        }
        return store.findByIdentifier(identifier).map(row -> new StoredContext(parseStored(row.contextJson()),
                row.contextJson(), row.version())).orElseThrow(() -> unknownIdentifier(identifier));
    }

    /**
     * The id of the stored customer a reference names, empty when nobody answers to it.
     *
     * @throws InvalidIdentifierException when the identifier cannot name anyone; the caller knows the field
     */
    public Optional<String> storedId(CustomerRef ref) {
        if (ref.id() != null) {
            return store.exists(ref.id()) ? Optional.of(ref.id()) : Optional.empty();
        }
        return store.customerIdOf(identifiers.normalise(ref.identifier()));
    }

    /** GET /v1/customers?identifier=TYPE:VALUE: 400 naming {@code identifier} when it is malformed. */
    public String customerIdOf(String typeAndValue) {
        Identifier identifier;
        try {
            identifier = identifiers.parse(typeAndValue);
        } catch (InvalidIdentifierException e) {
            throw BadRequestException.of("identifier", e.getMessage());
        }
        return store.customerIdOf(identifier).orElseThrow(() -> unknownIdentifier(identifier));
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
        Map<Identifier, Integer> given = normalised(context.identifiers());
        List<Identifier> owned = List.copyOf(given.keySet());
        context = context.withIdentifiers(owned);
        Map<Identifier, String> taken = store.ownedByOthers(customerId, owned);
        if (!taken.isEmpty()) {
            throw conflict(taken, given);
        }
        boolean created = store.upsert(customerId, ContextJson.write(context));
        List<Identifier> lost = store.replaceIdentifiers(customerId, owned);
        if (!lost.isEmpty()) {
            // Another profile claimed them since the check above, and committed first; this one rolls back.
            throw conflict(store.ownedByOthers(customerId, lost), given);
        }
        return new ProfileSaved(created, context);
    }

    /**
     * The profile's identifiers in normal form, each once, with the index at which each was first given; a 400
     * naming every one that cannot name anyone.
     */
    private Map<Identifier, Integer> normalised(List<Identifier> given) {
        Map<Identifier, Integer> firstGivenAt = new LinkedHashMap<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            try {
                firstGivenAt.putIfAbsent(identifiers.normalise(given.get(i)), i);
            } catch (InvalidIdentifierException e) {
                errors.add(Problem.FieldError.of("identifiers[" + i + "].value", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        return firstGivenAt;
    }

    private static ConflictException conflict(Map<Identifier, String> taken, Map<Identifier, Integer> given) {
        List<Problem.FieldError> errors = new ArrayList<>();
        taken.forEach((identifier, owner) -> errors.add(Problem.FieldError.of("identifiers[" + given.get(identifier)
                + "]", identifier.type() + " " + identifier.value() + " already belongs to customer " + owner)));
        return new ConflictException("An identifier resolves to exactly one customer.", errors);
    }

    public record ProfileSaved(boolean created, CustomerContext context) {
    }

    private static NotFoundException unknownIdentifier(Identifier identifier) {
        return new NotFoundException("Unknown identifier",
                "No customer is known by " + identifier.type() + " " + identifier.value() + ".");
    }

    static NotFoundException unknownCustomer(String customerId) {
        return new NotFoundException("Unknown customer", "No customer " + customerId + " is stored.");
    }

    /** What we stored ourselves was valid when written; a failure here is ours, not the caller's. */
    static CustomerContext parseStored(String json) {
        try {
            return ContextJson.parseStored(json);
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
}
