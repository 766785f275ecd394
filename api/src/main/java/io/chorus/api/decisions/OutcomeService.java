package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.customers.CustomerRow;
import io.chorus.api.customers.CustomerStore;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.NotFoundException;
import io.chorus.api.problems.Problem;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.json.Json;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the customer did with an action: kept with the decision and added to the customer's contactHistory. */
@Singleton
public class OutcomeService {
    private final DecisionStore decisions;
    private final CustomerStore customers;

    public OutcomeService(DecisionStore decisions, CustomerStore customers) {
        this.decisions = decisions;
        this.customers = customers;
    }

    @Transactional
    public OutcomeRecorded record(String decisionId, byte[] body) {
        OutcomeBody outcome = RequestBodies.bind(RequestBodies.object(body), OutcomeBody.class, "");
        List<Problem.FieldError> errors = new ArrayList<>();
        if (outcome.actionId() == null || outcome.actionId().isBlank()) {
            errors.add(Problem.FieldError.of("actionId", "required"));
        }
        if (outcome.outcome() == null) {
            errors.add(Problem.FieldError.of("outcome", "required"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        RecordedDecision decision = decisions.find(decisionId).orElseThrow(() -> new NotFoundException(
                "Unknown decision", "No decision " + decisionId + " was recorded."));
        ShownAction action = shownAction(decision, outcome.actionId());
        Instant at = outcome.at() == null ? Instant.now() : outcome.at();
        ContactRecord contact = new ContactRecord(decisionId, outcome.actionId(), action.type(),
                Channel.valueOf(decision.channel()), at, outcome.outcome(), action.key(), action.title());
        boolean recorded = decisions.insertOutcome(new OutcomeRow(decisionId, outcome.actionId(),
                outcome.outcome().name(), action.type().name(), decision.channel(), at, action.key()));
        if (!decision.storedCustomer()) {
            // Decided on an inline context: there is no stored customer whose history could hold it.
            return new OutcomeRecorded(decision.customerId(), contact, false, !recorded);
        }
        if (recorded) {
            CustomerRow row = customers.lockForUpdate(List.of(decision.customerId())).get(decision.customerId());
            if (row == null) {
                return new OutcomeRecorded(decision.customerId(), contact, false, false);
            }
            CustomerContext context = ContextJson.parseStored(row.contextJson());
            customers.update(decision.customerId(), ContextJson.write(context.withContacts(List.of(contact))));
        }
        return new OutcomeRecorded(decision.customerId(), contact, true, !recorded);
    }

    private record ShownAction(ActionType type, String key, String title) {
    }

    /** Only an action the decision showed can have an outcome. */
    private static ShownAction shownAction(RecordedDecision decision, String actionId) {
        try {
            for (JsonNode action : Json.mapper().readTree(decision.answerJson()).path("actions")) {
                if (actionId.equals(action.path("actionId").asText())) {
                    return new ShownAction(ActionType.valueOf(action.path("type").asText()),
                            action.path("key").asText(null), action.path("title").asText(null));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("a stored decision is not JSON", e);
        }
        throw BadRequestException.of("actionId", "\"" + actionId + "\" is not an action of decision "
                + decision.decisionId());
    }
}
