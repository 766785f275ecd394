package io.chorus.api.decisions;

import io.chorus.api.customers.CustomerRow;
import io.chorus.api.customers.CustomerStore;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes decisions made together in one transaction: their audit rows and, for decisions on an outbound channel,
 * the contacts they made, added to each customer's history and to the outcomes. Either all of it is stored or
 * none, so a frequency cap never sees a decision without its send, or a send without its decision.
 */
@Singleton
public class DecisionWriter {
    private final DecisionStore decisions;
    private final CustomerStore customers;

    public DecisionWriter(DecisionStore decisions, CustomerStore customers) {
        this.decisions = decisions;
        this.customers = customers;
    }

    /**
     * Returns the ids of the decisions not written because the units they take as they are recorded no longer fit
     * (another decision took the room since they were made); nothing of theirs is stored.
     */
    @Transactional
    public Set<String> write(List<DecisionRow> rows) {
        Set<String> refused = decisions.insertAll(rows);
        Map<String, List<ContactRecord>> sent = new TreeMap<>();
        List<OutcomeRow> outcomes = new ArrayList<>();
        for (DecisionRow row : rows) {
            if (!row.storedCustomer() || row.contactsSent().isEmpty() || refused.contains(row.decisionId())) {
                continue;
            }
            sent.computeIfAbsent(row.customerId(), id -> new ArrayList<>()).addAll(row.contactsSent());
            for (ContactRecord c : row.contactsSent()) {
                outcomes.add(new OutcomeRow(row.decisionId(), c.actionId(), c.outcome().name(), c.actionType().name(),
                        c.channel().name(), c.at(), c.key()));
            }
        }
        if (sent.isEmpty()) {
            return refused;
        }
        // Locked in id order, as every writer of customers does, so concurrent writers cannot deadlock.
        Map<String, CustomerRow> locked = customers.lockForUpdate(sent.keySet());
        Map<String, String> updated = new TreeMap<>();
        sent.forEach((customerId, contacts) -> {
            CustomerRow row = locked.get(customerId);
            if (row != null) {
                // Stored contexts were checked when written; adding contacts keeps them within the limits.
                CustomerContext context = ContextJson.parseStored(row.contextJson());
                updated.put(customerId, ContextJson.write(context.withContacts(contacts)));
            }
        });
        customers.updateAll(updated);
        decisions.insertOutcomes(outcomes);
        return refused;
    }
}
