package io.chorus.api.events;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountEvent;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.ConsentChange;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.CustomerCase;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Interaction;
import io.chorus.engine.context.Promotion;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.Survey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A customer context being changed by events: mutable lists, frozen again by {@link #toContext()}. */
final class ContextDraft {
    private final CustomerContext base;
    final Map<Channel, Boolean> consents;
    final List<ConsentChange> consentChanges;
    final List<Account> accounts;
    final List<Subscription> subscriptions;
    final List<AccountEvent> accountEvents;
    final List<Charge> charges;
    final List<Interaction> interactions;
    final List<CustomerCase> cases;
    final List<Promotion> promotions;
    final List<Survey> surveys;
    final List<ContactRecord> contactHistory;

    ContextDraft(CustomerContext base) {
        this.base = base;
        this.consents = base.consents().isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(base.consents());
        this.consentChanges = new ArrayList<>(base.consentChanges());
        this.accounts = new ArrayList<>(base.accounts());
        this.subscriptions = new ArrayList<>(base.subscriptions());
        this.accountEvents = new ArrayList<>(base.accountEvents());
        this.charges = new ArrayList<>(base.charges());
        this.interactions = new ArrayList<>(base.interactions());
        this.cases = new ArrayList<>(base.cases());
        this.promotions = new ArrayList<>(base.promotions());
        this.surveys = new ArrayList<>(base.surveys());
        this.contactHistory = new ArrayList<>(base.contactHistory());
    }

    String customerId() {
        return base.customerId();
    }

    /** Time-ordered lists stay in time order whatever order events arrive in. */
    CustomerContext toContext() {
        accountEvents.sort(Comparator.comparing(AccountEvent::at));
        interactions.sort(Comparator.comparing(Interaction::at));
        surveys.sort(Comparator.comparing(Survey::at));
        return new CustomerContext(base.customerId(), base.name(), base.segment(), base.identifiers(), consents,
                consentChanges, accounts, subscriptions, accountEvents, charges, interactions, cases, promotions, surveys,
                contactHistory);
    }
}
