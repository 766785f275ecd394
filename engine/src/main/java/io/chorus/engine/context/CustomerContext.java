package io.chorus.engine.context;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Everything the engine knows about one customer: the unified view of CONTRACT.md section 1.
 * Absent lists are empty, never null; a null element inside a list is kept so validation can name it.
 */
public record CustomerContext(String customerId, String name, Segment segment, List<Identifier> identifiers,
                              Map<Channel, Boolean> consents, List<Account> accounts,
                              List<Subscription> subscriptions, List<AccountEvent> accountEvents,
                              List<Charge> charges, List<Interaction> interactions, List<CustomerCase> cases,
                              List<Promotion> promotions, List<Survey> surveys,
                              List<ContactRecord> contactHistory) {

    public CustomerContext {
        identifiers = frozen(identifiers);
        consents = consents == null ? Map.of() : Collections.unmodifiableMap(consents.isEmpty()
                ? new EnumMap<>(Channel.class) : new EnumMap<>(consents));
        accounts = frozen(accounts);
        subscriptions = frozen(subscriptions);
        accountEvents = frozen(accountEvents);
        charges = frozen(charges);
        interactions = frozen(interactions);
        cases = frozen(cases);
        promotions = frozen(promotions);
        surveys = frozen(surveys);
        contactHistory = frozen(contactHistory);
    }

    private static <T> List<T> frozen(List<T> items) {
        if (items == null || items.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    /**
     * The context as it stood at {@code asOf}: what happened later is not yet known to a decision made then,
     * which is what makes a replayed or back-dated decision come out the same. Charges are known from the
     * start of their bill month.
     */
    public CustomerContext asOf(Instant asOf) {
        return new CustomerContext(customerId, name, segment, identifiers, consents, accounts,
                linesAsOf(LocalDate.ofInstant(asOf, ZoneOffset.UTC)),
                upTo(accountEvents, e -> !e.at().isAfter(asOf)),
                upTo(charges, c -> !c.billMonth().isAfter(YearMonth.from(asOf.atOffset(ZoneOffset.UTC)))),
                upTo(interactions, i -> !i.at().isAfter(asOf)),
                upTo(cases, c -> c.openedAt() == null || !c.openedAt().isAfter(asOf)),
                upTo(promotions, p -> p.enrolledAt() == null || !p.enrolledAt().isAfter(asOf)),
                upTo(surveys, s -> !s.at().isAfter(asOf)),
                upTo(contactHistory, c -> !c.at().isAfter(asOf)));
    }

    /** A line removed after {@code asOf} was still active then; one activated later did not exist yet. */
    private List<Subscription> linesAsOf(LocalDate day) {
        boolean changed = false;
        List<Subscription> lines = new ArrayList<>(subscriptions.size());
        for (Subscription s : subscriptions) {
            if (s.activatedAt() != null && s.activatedAt().isAfter(day)) {
                changed = true;
            } else if (s.endedAt() != null && s.endedAt().isAfter(day)) {
                lines.add(new Subscription(s.subscriptionId(), s.accountId(), s.kind(), s.device(),
                        SubscriptionStatus.ACTIVE, s.activatedAt(), null));
                changed = true;
            } else {
                lines.add(s);
            }
        }
        return changed ? lines : subscriptions;
    }

    private static <T> List<T> upTo(List<T> items, Predicate<T> known) {
        for (T item : items) {
            if (!known.test(item)) {
                return items.stream().filter(known).toList();
            }
        }
        return items;
    }

    public CustomerContext withContactHistory(List<ContactRecord> history) {
        return new CustomerContext(customerId, name, segment, identifiers, consents, accounts, subscriptions,
                accountEvents, charges, interactions, cases, promotions, surveys, history);
    }

    /** The consent map as facts; a channel missing from the map has no consent. */
    public List<Consent> consentFacts() {
        List<Consent> facts = new ArrayList<>(consents.size());
        consents.forEach((channel, granted) -> facts.add(new Consent(channel, Boolean.TRUE.equals(granted))));
        return facts;
    }
}
