package io.chorus.engine.context;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * Everything the engine knows about one customer: the unified view of docs/context.md.
 * Absent lists are empty, never null; a null element inside a list is kept so validation can name it.
 */
public record CustomerContext(String customerId, String name, Segment segment, List<Identifier> identifiers,
                              Map<Channel, Boolean> consents,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConsentChange> consentChanges,
                              List<Account> accounts, List<Subscription> subscriptions,
                              List<AccountEvent> accountEvents, List<Charge> charges,
                              List<Interaction> interactions, List<CustomerCase> cases, List<Promotion> promotions,
                              List<Survey> surveys, List<ContactRecord> contactHistory) {

    public CustomerContext {
        identifiers = frozen(identifiers);
        consents = consents == null ? Map.of() : Collections.unmodifiableMap(consents.isEmpty()
                ? new EnumMap<>(Channel.class) : new EnumMap<>(consents));
        consentChanges = frozen(consentChanges);
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

    /** A context without recorded consent changes: the consents map is all there is to know. */
    public CustomerContext(String customerId, String name, Segment segment, List<Identifier> identifiers,
                           Map<Channel, Boolean> consents, List<Account> accounts, List<Subscription> subscriptions,
                           List<AccountEvent> accountEvents, List<Charge> charges, List<Interaction> interactions,
                           List<CustomerCase> cases, List<Promotion> promotions, List<Survey> surveys,
                           List<ContactRecord> contactHistory) {
        this(customerId, name, segment, identifiers, consents, List.of(), accounts, subscriptions, accountEvents,
                charges, interactions, cases, promotions, surveys, contactHistory);
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
     * start of their bill month; a credit, a promotion's activation or a consent change after {@code asOf} had
     * not happened yet.
     */
    public CustomerContext asOf(Instant asOf) {
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        YearMonth month = YearMonth.from(day);
        List<Subscription> lines = linesAsOf(day);
        List<AccountEvent> events = upTo(accountEvents, e -> !e.at().isAfter(asOf));
        List<Charge> billed = chargesAsOf(upTo(charges, c -> !c.billMonth().isAfter(month)), asOf);
        List<Interaction> talks = upTo(interactions, i -> !i.at().isAfter(asOf));
        List<CustomerCase> opened = upTo(cases, c -> c.openedAt() == null || !c.openedAt().isAfter(asOf));
        List<Promotion> enrolled = promotionsAsOf(
                upTo(promotions, p -> p.enrolledAt() == null || !p.enrolledAt().isAfter(asOf)), asOf);
        List<ConsentChange> changed = upTo(consentChanges, c -> c.at() == null || !c.at().isAfter(asOf));
        List<Survey> answered = upTo(surveys, v -> !v.at().isAfter(asOf));
        List<ContactRecord> contacted = upTo(contactHistory, h -> !h.at().isAfter(asOf));
        // The usual case, deciding now about what has happened: the context as it is, nothing copied.
        if (lines == subscriptions && events == accountEvents && billed == charges && talks == interactions
                && opened == cases && enrolled == promotions && answered == surveys && contacted == contactHistory
                && changed == consentChanges) {
            return this;
        }
        return new CustomerContext(customerId, name, segment, identifiers, consentsAsOf(asOf), changed, accounts,
                lines, events, billed, talks, opened, enrolled, answered, contacted);
    }

    /** A charge credited after {@code asOf} was still billed then. */
    private static List<Charge> chargesAsOf(List<Charge> known, Instant asOf) {
        List<Charge> then = null;
        for (int i = 0; i < known.size(); i++) {
            Charge c = known.get(i);
            if (c.status() == ChargeStatus.CREDITED && c.creditedAt() != null && c.creditedAt().isAfter(asOf)) {
                then = then == null ? new ArrayList<>(known) : then;
                then.set(i, new Charge(c.chargeId(), c.accountId(), c.subscriptionId(), c.billMonth(), c.amount(),
                        c.kind(), ChargeStatus.BILLED, null));
            }
        }
        return then == null ? known : then;
    }

    private static List<Promotion> promotionsAsOf(List<Promotion> known, Instant asOf) {
        List<Promotion> then = null;
        for (int i = 0; i < known.size(); i++) {
            Promotion p = known.get(i).asOf(asOf);
            if (p != known.get(i)) {
                then = then == null ? new ArrayList<>(known) : then;
                then.set(i, p);
            }
        }
        return then == null ? known : then;
    }

    /**
     * The consent of each channel as it was at {@code asOf}: where a channel's consent changed later, the value
     * the earliest of those later changes replaced is the value it had then.
     */
    private Map<Channel, Boolean> consentsAsOf(Instant asOf) {
        Map<Channel, ConsentChange> firstLater = new EnumMap<>(Channel.class);
        for (ConsentChange change : consentChanges) {
            if (change.at() != null && change.at().isAfter(asOf)) {
                firstLater.merge(change.channel(), change, (a, b) -> b.at().isBefore(a.at()) ? b : a);
            }
        }
        if (firstLater.isEmpty()) {
            return consents;
        }
        Map<Channel, Boolean> then = new EnumMap<>(Channel.class);
        then.putAll(consents);
        firstLater.forEach((channel, change) -> {
            if (change.previous() == null) {
                then.remove(channel);
            } else {
                then.put(channel, change.previous());
            }
        });
        return then;
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

    /** The context with {@code contacts} added to its history, which stays in time order. */
    /**
     * The history with these contacts added, in time order. It keeps the most recent contacts the limits allow (an
     * outbound channel adds one with every send): the oldest fall off the context, which no rule looks that far
     * back for, and stay in the audit with the decisions that made them.
     */
    public CustomerContext withContacts(List<ContactRecord> contacts) {
        List<ContactRecord> history = new ArrayList<>(contactHistory);
        history.addAll(contacts);
        history.sort(java.util.Comparator.comparing(ContactRecord::at));
        int most = io.chorus.engine.json.Limits.MOST_ITEMS.get("contactHistory");
        if (history.size() > most) {
            history = new ArrayList<>(history.subList(history.size() - most, history.size()));
        }
        return withContactHistory(history);
    }

    public CustomerContext withIdentifiers(List<Identifier> replaced) {
        return new CustomerContext(customerId, name, segment, replaced, consents, consentChanges, accounts,
                subscriptions, accountEvents, charges, interactions, cases, promotions, surveys, contactHistory);
    }

    public CustomerContext withContactHistory(List<ContactRecord> history) {
        return new CustomerContext(customerId, name, segment, identifiers, consents, consentChanges, accounts,
                subscriptions, accountEvents, charges, interactions, cases, promotions, surveys, history);
    }

    /** The consent map as facts; a channel missing from the map has no consent. */
    public List<Consent> consentFacts() {
        List<Consent> facts = new ArrayList<>(consents.size());
        consents.forEach((channel, granted) -> facts.add(new Consent(channel, Boolean.TRUE.equals(granted))));
        return facts;
    }
}
