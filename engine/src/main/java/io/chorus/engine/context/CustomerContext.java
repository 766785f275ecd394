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
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        YearMonth month = YearMonth.from(day);
        List<Subscription> lines = linesAsOf(day);
        List<AccountEvent> events = upTo(accountEvents, e -> !e.at().isAfter(asOf));
        List<Charge> billed = upTo(charges, c -> !c.billMonth().isAfter(month));
        List<Interaction> talks = upTo(interactions, i -> !i.at().isAfter(asOf));
        List<CustomerCase> opened = upTo(cases, c -> c.openedAt() == null || !c.openedAt().isAfter(asOf));
        List<Promotion> enrolled = upTo(promotions, p -> p.enrolledAt() == null || !p.enrolledAt().isAfter(asOf));
        List<Survey> answered = upTo(surveys, v -> !v.at().isAfter(asOf));
        List<ContactRecord> contacted = upTo(contactHistory, h -> !h.at().isAfter(asOf));
        // The usual case, deciding now about what has happened: the context as it is, nothing copied.
        if (lines == subscriptions && events == accountEvents && billed == charges && talks == interactions
                && opened == cases && enrolled == promotions && answered == surveys && contacted == contactHistory) {
            return this;
        }
        return new CustomerContext(customerId, name, segment, identifiers, consents, accounts, lines, events, billed,
                talks, opened, enrolled, answered, contacted);
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

    /** The same list when every item is known, so the common case allocates nothing. */
    private static <T> List<T> upTo(List<T> items, Predicate<T> known) {
        for (int i = 0; i < items.size(); i++) {
            if (!known.test(items.get(i))) {
                List<T> kept = new ArrayList<>(items.subList(0, i));
                for (int j = i + 1; j < items.size(); j++) {
                    if (known.test(items.get(j))) {
                        kept.add(items.get(j));
                    }
                }
                return kept;
            }
        }
        return items;
    }

    public CustomerContext withIdentifiers(List<Identifier> replaced) {
        return new CustomerContext(customerId, name, segment, replaced, consents, accounts, subscriptions,
                accountEvents, charges, interactions, cases, promotions, surveys, contactHistory);
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
