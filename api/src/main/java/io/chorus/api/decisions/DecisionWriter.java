package io.chorus.api.decisions;

import io.chorus.api.customers.CustomerRow;
import io.chorus.api.customers.CustomerStore;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** Stored contexts were checked when written; adding contacts keeps them within the limits. */
    private static String withContacts(String storedJson, List<ContactRecord> contacts) {
        return withContacts(ContextJson.parseStored(storedJson), contacts);
    }

    private static String withContacts(CustomerContext stored, List<ContactRecord> contacts) {
        return ContextJson.write(stored.withContacts(contacts));
    }

    private static List<ContactRecord> contactsOf(List<DecisionRow> senders) {
        return senders.stream().flatMap(r -> r.contactsSent().stream()).toList();
    }

    /**
     * Writes what it can of the batch in one statement, outside any transaction: one round trip and one commit for
     * all of it, where {@link #write} takes three or four. Sends go onto the contexts their decisions read, where the
     * store still holds those versions. Returns the ids of the decisions left for {@link #write}: sends to a customer
     * whose context changed since (an event, another send), or read at different versions in the batch, or not read
     * at all (an outbound run's); every decision of a batch where one takes units as it is recorded. Nothing of a
     * decision left is stored.
     */
    public Set<String> writeInOneStatement(List<DecisionRow> rows) {
        if (rows.stream().anyMatch(r -> r.takenOnRecord() != null)) {
            return rows.stream().map(DecisionRow::decisionId).collect(Collectors.toSet());
        }
        Map<String, List<DecisionRow>> sending = sendsByCustomer(rows, Set.of());
        Map<String, CustomerStore.Replacing> asSeen = asSeen(sending);
        List<DecisionRow> inStatement = new ArrayList<>();
        List<OutcomeRow> outcomes = new ArrayList<>();
        Set<String> left = new HashSet<>();
        for (DecisionRow row : rows) {
            if (!row.sends()) {
                inStatement.add(row);
            } else if (asSeen.containsKey(row.customerId())) {
                inStatement.add(row);
                outcomes.addAll(outcomesOf(row));
            } else {
                left.add(row.decisionId());
            }
        }
        Set<String> replaced = decisions.insertWithContacts(inStatement, asSeen, outcomes);
        sending.forEach((customerId, senders) -> {
            if (!replaced.contains(customerId)) {
                senders.forEach(r -> left.add(r.decisionId()));
            }
        });
        return left;
    }

    private static List<OutcomeRow> outcomesOf(DecisionRow row) {
        return row.contactsSent().stream().map(c -> new OutcomeRow(row.decisionId(), c.actionId(),
                c.outcome().name(), c.actionType().name(), c.channel().name(), c.at(), c.key())).toList();
    }

    /** The batch's sends by customer, leaving out decisions refused. */
    private static Map<String, List<DecisionRow>> sendsByCustomer(List<DecisionRow> rows, Set<String> refused) {
        Map<String, List<DecisionRow>> sending = new TreeMap<>();
        for (DecisionRow row : rows) {
            if (row.sends() && !refused.contains(row.decisionId())) {
                sending.computeIfAbsent(row.customerId(), id -> new ArrayList<>()).add(row);
            }
        }
        return sending;
    }

    /**
     * Each customer's context with the batch's contacts added to the document its decisions read, where they all read
     * the same version; a customer whose sends read different versions, or none, is not there.
     */
    private static Map<String, CustomerStore.Replacing> asSeen(Map<String, List<DecisionRow>> sending) {
        Map<String, CustomerStore.Replacing> asSeen = new TreeMap<>();
        sending.forEach((customerId, senders) -> {
            DecisionRow first = senders.get(0);
            if (senders.stream().allMatch(r -> r.contextVersion() != null
                    && r.contextVersion().equals(first.contextVersion()))) {
                // The document the decision parsed as it read it, where it is at hand: parsing it again cost a send
                // as much as its decision's own read.
                List<ContactRecord> contacts = contactsOf(senders);
                asSeen.put(customerId, new CustomerStore.Replacing(first.contextVersion(), first.seen() != null
                        ? withContacts(first.seen(), contacts) : withContacts(first.contextJson(), contacts)));
            }
        });
        return asSeen;
    }

    /**
     * Returns the ids of the decisions not written because the units they take as they are recorded no longer fit
     * (another decision took the room since they were made); nothing of theirs is stored.
     */
    @Transactional
    public Set<String> write(List<DecisionRow> rows) {
        Set<String> refused = decisions.insertAll(rows);
        Map<String, List<DecisionRow>> sending = sendsByCustomer(rows, refused);
        if (sending.isEmpty()) {
            return refused;
        }
        List<OutcomeRow> outcomes = sending.values().stream().flatMap(List::stream)
                .flatMap(r -> outcomesOf(r).stream()).toList();
        // Most sends find the customer's context as their decision read it: its contacts are added to the document
        // the decision saw, written only where the store still holds that version. That saves reading each document
        // again under a lock (a round trip, and the document converted to text and parsed once more). Where the
        // batch's decisions to one customer read different versions, or none (an outbound run's), it is read again.
        Map<String, CustomerStore.Replacing> asSeen = asSeen(sending);
        Set<String> written = customers.updateWhereStillAt(asSeen);
        Set<String> changed = new TreeSet<>(sending.keySet());
        changed.removeAll(written);
        if (!changed.isEmpty()) {
            // Changed since (an event, another send): locked in id order and read again. Customers written above
            // stay locked, so two batches sending to the same two customers, each finding one of them changed, can
            // wait for each other: PostgreSQL ends one after a second and the recorder writes its decisions one by
            // one, each holding a single customer. Far rarer than the round trip saved on every batch.
            Map<String, CustomerRow> locked = customers.lockForUpdate(changed);
            Map<String, String> updated = new TreeMap<>();
            for (String customerId : changed) {
                CustomerRow row = locked.get(customerId);
                if (row != null) {
                    updated.put(customerId, withContacts(row.contextJson(), contactsOf(sending.get(customerId))));
                }
            }
            customers.updateAll(updated);
        }
        decisions.insertOutcomes(outcomes);
        return refused;
    }
}
