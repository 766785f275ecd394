package io.chorus.simulator.population;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountEvent;
import io.chorus.engine.context.AccountEventType;
import io.chorus.engine.context.AccountStatus;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.CaseTopic;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.ChargeKind;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.CustomerCase;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Identifier;
import io.chorus.engine.context.IdentifierType;
import io.chorus.engine.context.Interaction;
import io.chorus.engine.context.PartnerPlan;
import io.chorus.engine.context.Promotion;
import io.chorus.engine.context.PromotionStatus;
import io.chorus.engine.context.Segment;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionKind;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.context.Survey;
import io.chorus.engine.decision.ActionIds;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Synthetic customers for what-if runs: the situations the default rules are written for (removed SIMs still
 * billed, promotions stuck in activation, churn signals, growing accounts, withheld consent, offers already
 * declined) mixed into an ordinary population in plausible proportions.
 *
 * <p>Customer {@code index} depends only on the seed, the index and the anchor (the moment the population is
 * "now"): every timestamp lies at or before the anchor, within the windows the rules look at.
 */
public final class PopulationGenerator {
    private static final List<String> FIRST_NAMES = List.of("Sam", "Alex", "Priya", "Tom", "Aisha", "Chris",
            "Maria", "Ben", "Chloe", "Omar", "Grace", "Liam", "Zara", "Owen", "Ruth", "Ivan", "Mei", "Joe");
    private static final List<String> SURNAMES = List.of("Rivers", "Patel", "Smith", "Okafor", "Jones", "Nowak",
            "Brown", "Khan", "Taylor", "Evans", "Garcia", "Walsh", "Chen", "Murphy", "Ahmed", "Wilson");
    private static final List<String> TRADES = List.of("Plumbing", "Logistics", "Design", "Dental", "Cafe",
            "Electrical", "Consulting", "Builders", "Florist", "Motors");
    private static final List<String> PROMOTIONS = List.of("MUSIC_PREMIUM_BUNDLE", "VIDEO_PLUS_BUNDLE",
            "CLOUD_BACKUP_BUNDLE");
    private static final List<Channel> ASSISTED = List.of(Channel.STORE, Channel.CALL_CENTER, Channel.WEB, Channel.APP);
    private static final List<Channel> COMPLAINT_CHANNELS = List.of(Channel.STORE, Channel.CALL_CENTER, Channel.WEB,
            Channel.APP, Channel.SOCIAL, Channel.EMAIL);

    private final long seed;
    private final Instant anchor;
    private final LocalDate today;

    public PopulationGenerator(long seed, Instant anchor) {
        this.seed = seed;
        this.anchor = anchor;
        this.today = LocalDate.ofInstant(anchor, ZoneOffset.UTC);
    }

    public static String customerId(long index) {
        return "C-" + (index + 1);
    }

    /** Customer number {@code index} (from 0) of this seed's population. */
    public CustomerContext customer(long index) {
        return new Customer(index, Draw.forCustomer(seed, index)).build();
    }

    /** One customer under construction; the draws happen in a fixed order so the result is reproducible. */
    private final class Customer {
        private final long index;
        private final String customerId;
        private final Draw draw;
        private final Segment segment;
        private final List<Identifier> identifiers = new ArrayList<>();
        private final Map<Channel, Boolean> consents = new EnumMap<>(Channel.class);
        private final List<Account> accounts = new ArrayList<>();
        private final List<Subscription> lines = new ArrayList<>();
        private final List<BigDecimal> linePrices = new ArrayList<>();
        private final List<AccountEvent> events = new ArrayList<>();
        private final List<Charge> charges = new ArrayList<>();
        private final List<Interaction> interactions = new ArrayList<>();
        private final List<CustomerCase> cases = new ArrayList<>();
        private final List<Promotion> promotions = new ArrayList<>();
        private final List<Survey> surveys = new ArrayList<>();
        private final List<ContactRecord> contacts = new ArrayList<>();
        private int nextLine = 1;
        private int nextCharge = 1;
        private int nextCase = 1;

        Customer(long index, Draw draw) {
            this.index = index;
            this.customerId = customerId(index);
            this.draw = draw;
            this.segment = draw.chance(0.22) ? Segment.BUSINESS : Segment.CONSUMER;
        }

        CustomerContext build() {
            String first = draw.pick(FIRST_NAMES);
            String surname = draw.pick(SURNAMES);
            String name = segment == Segment.BUSINESS ? surname + " " + draw.pick(TRADES) + " Ltd" : first + " " + surname;

            // Tenure skews short: most customers joined in the last few years, some have stayed fifteen.
            int tenureDays = draw.chance(0.6) ? draw.between(20, 5 * 365) : draw.between(5 * 365, 15 * 365);
            LocalDate openedAt = today.minusDays(tenureDays);
            String accountId = (segment == Segment.BUSINESS ? "BA-" : "CA-") + (index + 1);
            identifiers.add(new Identifier(IdentifierType.ACCOUNT, accountId));

            int lineCount = segment == Segment.BUSINESS ? draw.between(2, 8)
                    : 1 + (draw.chance(0.35) ? 1 : 0) + (draw.chance(0.12) ? 1 : 0);
            for (int i = 0; i < lineCount; i++) {
                addLine(accountId, openedAt.plusDays(draw.between(0, Math.max(0, tenureDays - 1))),
                        draw.chance(0.03) ? SubscriptionStatus.SUSPENDED : SubscriptionStatus.ACTIVE);
            }
            LocalDate contractEnd = contractEnd(openedAt);
            Instant renewed = growth(accountId);
            if (renewed != null) {
                contractEnd = date(renewed).plusMonths(24);
            }
            removedLine(accountId, openedAt);
            churnSignals(accountId);
            lastMonthsBill(accountId);
            promotion();
            otherCases();
            chatter();
            surveys();
            contactHistory(openedAt);
            consents(first, surname);

            BigDecimal commitment = linePrices.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            accounts.add(new Account(accountId, draw.chance(0.02) ? AccountStatus.SUSPENDED : AccountStatus.ACTIVE,
                    openedAt, contractEnd, commitment));
            return new CustomerContext(customerId, name, segment, identifiers, consents, accounts, lines, events,
                    charges, interactions, cases, promotions, surveys, contacts);
        }

        private Subscription addLine(String accountId, LocalDate activatedAt, SubscriptionStatus status) {
            double kind = draw.between(0, 99) / 100.0;
            Subscription line;
            String id = "S-" + nextLine++;
            if (kind < 0.7) {
                line = new Subscription(id, accountId, SubscriptionKind.VOICE, "HANDSET", status, activatedAt, null);
                linePrices.add(draw.money(1500, 4500));
                identifiers.add(new Identifier(IdentifierType.MSISDN, "+447" + (700000000 + draw.below(99_999_999))));
            } else if (kind < 0.9) {
                line = new Subscription(id, accountId, SubscriptionKind.DATA_ONLY, draw.pick("TABLET", "LAPTOP"),
                        status, activatedAt, null);
                linePrices.add(draw.money(1000, 2500));
            } else {
                line = new Subscription(id, accountId, SubscriptionKind.MIFI, "MIFI", status, activatedAt, null);
                linePrices.add(draw.money(1500, 2000));
            }
            lines.add(line);
            return line;
        }

        /** One in eight contracts ends within the 60 days the churn rule watches; a few have none at all. */
        private LocalDate contractEnd(LocalDate openedAt) {
            if (draw.chance(0.04)) {
                return null;
            }
            if (draw.chance(0.12)) {
                return today.plusDays(draw.between(0, 60));
            }
            LocalDate end = today.plusDays(draw.between(61, 730));
            return end.isBefore(openedAt) ? openedAt.plusYears(2) : end;
        }

        /** A renewal in the last 90 days, often with lines added the same visit: the seed story's store deal. */
        private Instant growth(String accountId) {
            if (!draw.chance(0.15)) {
                return null;
            }
            Instant renewed = daysAgo(draw.between(1, 89)).plus(Duration.ofMinutes(draw.between(9 * 60, 17 * 60)));
            Channel where = draw.pick(ASSISTED);
            events.add(new AccountEvent(AccountEventType.CONTRACT_RENEWED, renewed, accountId, null,
                    draw.chance(0.6) ? BigDecimal.ZERO : draw.money(200, 1000), where));
            if (draw.chance(0.6)) {
                int added = draw.between(1, 2);
                for (int i = 0; i < added; i++) {
                    Subscription line = addLine(accountId, date(renewed), SubscriptionStatus.ACTIVE);
                    events.add(new AccountEvent(AccountEventType.LINE_ADDED, renewed.plus(Duration.ofMinutes(5 + i)),
                            accountId, line.subscriptionId(), linePrices.get(linePrices.size() - 1), where));
                }
            }
            return renewed;
        }

        /**
         * A line removed in the last seven months; almost half are still billed after they ended, some with usage
         * that cannot be real. Most of those customers complain, on channel after channel.
         */
        private void removedLine(String accountId, LocalDate openedAt) {
            if (!draw.chance(0.18)) {
                return;
            }
            LocalDate endedAt = today.minusDays(draw.between(10, 210));
            LocalDate activatedAt = openedAt.isBefore(endedAt) ? openedAt : endedAt.minusYears(1);
            String id = "S-" + nextLine++;
            SubscriptionKind kind = draw.pick(SubscriptionKind.VOICE, SubscriptionKind.DATA_ONLY, SubscriptionKind.MIFI);
            String device = switch (kind) {
                case VOICE -> "HANDSET";
                case DATA_ONLY -> "TABLET";
                case MIFI -> "MIFI";
            };
            lines.add(new Subscription(id, accountId, kind, device, SubscriptionStatus.REMOVED, activatedAt, endedAt));
            BigDecimal price = draw.money(800, 3000);
            Instant removedAt = endedAt.atTime(draw.between(9, 17), 0).toInstant(ZoneOffset.UTC);
            events.add(new AccountEvent(AccountEventType.LINE_REMOVED, removedAt, accountId, id, price.negate(),
                    draw.pick(ASSISTED)));
            if (!draw.chance(0.45)) {
                return;
            }
            // Billed for every month that began after the line ended, up to this month's bill.
            List<Charge> notOwed = new ArrayList<>();
            for (YearMonth month = YearMonth.from(endedAt).plusMonths(1); !month.isAfter(YearMonth.from(today));
                 month = month.plusMonths(1)) {
                ChargeStatus status = draw.chance(0.15) ? ChargeStatus.CREDITED
                        : draw.chance(0.1) ? ChargeStatus.DISPUTED : ChargeStatus.BILLED;
                notOwed.add(charge(accountId, id, month, price, ChargeKind.RECURRING, status));
                if (draw.chance(0.35)) {
                    notOwed.add(charge(accountId, id, month, draw.money(120, 850), ChargeKind.USAGE, ChargeStatus.BILLED));
                }
            }
            charges.addAll(notOwed);
            if (notOwed.isEmpty() || !draw.chance(0.6)) {
                return;
            }
            Instant firstBill = notOwed.get(0).billMonthStart().plusDays(draw.between(3, 12)).atTime(9, 0)
                    .toInstant(ZoneOffset.UTC);
            if (firstBill.isAfter(anchor)) {
                firstBill = anchor.minus(Duration.ofHours(draw.between(1, 48)));
            }
            boolean open = draw.chance(0.75);
            String caseId = openCase(CaseTopic.BILLING_DISPUTE, open, firstBill, id, "Charged for removed SIM");
            complaints(caseId, firstBill, "BILLING", List.of(
                    "Charged for the SIM removed on " + endedAt + "; promised a correction",
                    "Bill still charges the removed line",
                    "Long wait on the helpline, story told again",
                    "Complained publicly about the removed line still billed",
                    "Partial credit given; usage month refused"));
        }

        private Charge charge(String accountId, String lineId, YearMonth month, BigDecimal amount, ChargeKind kind,
                              ChargeStatus status) {
            return new Charge("CH-" + nextCharge++, accountId, lineId, month, amount, kind, status);
        }

        private String openCase(CaseTopic topic, boolean open, Instant at, String lineId, String summary) {
            String caseId = "K-" + nextCase++;
            cases.add(new CustomerCase(caseId, topic, open ? CaseStatus.OPEN : CaseStatus.RESOLVED, at, lineId, summary));
            return caseId;
        }

        /** One to five contacts about a case, each later than the last, none after the anchor. */
        private void complaints(String caseId, Instant from, String topic, List<String> notes) {
            int count = draw.between(1, Math.min(5, notes.size()));
            long room = Math.max(1, Duration.between(from, anchor).toHours());
            Instant at = from;
            for (int i = 0; i < count; i++) {
                Channel channel = i == 0 ? draw.pick(ASSISTED) : draw.pick(COMPLAINT_CHANNELS);
                interactions.add(new Interaction(at, channel, topic, caseId, notes.get(i)));
                at = at.plus(Duration.ofHours(Math.max(1, draw.below(room / count + 1))));
                if (at.isAfter(anchor)) {
                    break;
                }
            }
        }

        private void churnSignals(String accountId) {
            if (draw.chance(0.03)) {
                events.add(new AccountEvent(AccountEventType.CANCELLATION_REQUESTED, daysAgo(draw.between(0, 80)),
                        accountId, null, null, draw.pick(Channel.CALL_CENTER, Channel.WEB, Channel.STORE)));
            }
            if (draw.chance(0.02)) {
                events.add(new AccountEvent(AccountEventType.PORT_OUT_REQUESTED, daysAgo(draw.between(0, 60)),
                        accountId, null, null, null));
            }
            if (draw.chance(0.08)) {
                // A plan change: mostly downgrades (a churn signal), some upgrades (growth).
                BigDecimal delta = draw.chance(0.65) ? draw.money(300, 1500).negate() : draw.money(300, 1500);
                events.add(new AccountEvent(AccountEventType.PLAN_CHANGED, daysAgo(draw.between(0, 150)), accountId,
                        lines.get(0).subscriptionId(), delta, draw.pick(ASSISTED)));
            }
            if (draw.chance(0.04)) {
                events.add(new AccountEvent(AccountEventType.SIM_SWAPPED, daysAgo(draw.between(0, 300)), accountId,
                        lines.get(0).subscriptionId(), BigDecimal.ZERO, draw.pick(Channel.STORE, Channel.CALL_CENTER)));
            }
        }

        /** Last month's bill for every live line, with usage on some. */
        private void lastMonthsBill(String accountId) {
            YearMonth month = YearMonth.from(today).minusMonths(1);
            for (int i = 0; i < lines.size(); i++) {
                Subscription line = lines.get(i);
                if (line.status() == SubscriptionStatus.REMOVED || line.activatedAt().isAfter(month.atEndOfMonth())) {
                    continue;
                }
                charges.add(charge(accountId, line.subscriptionId(), month, linePrices.get(i), ChargeKind.RECURRING,
                        ChargeStatus.BILLED));
                if (draw.chance(0.25)) {
                    charges.add(charge(accountId, line.subscriptionId(), month, draw.money(50, 1500), ChargeKind.USAGE,
                            ChargeStatus.BILLED));
                }
            }
        }

        /** Partner bundles in every state; existing premium subscribers get stuck in activation, as in the seed story. */
        private void promotion() {
            if (!draw.chance(0.35)) {
                return;
            }
            String id = draw.pick(PROMOTIONS);
            int roll = draw.between(0, 99);
            PromotionStatus status = roll < 30 ? PromotionStatus.ENROLLED : roll < 75 ? PromotionStatus.ACTIVE
                    : roll < 85 ? PromotionStatus.FAILED : PromotionStatus.ENDED;
            int planRoll = draw.between(0, 99);
            PartnerPlan plan = planRoll < 50 ? PartnerPlan.NONE : planRoll < 78 ? PartnerPlan.FREE : PartnerPlan.PAID_PREMIUM;
            BigDecimal fee = plan == PartnerPlan.PAID_PREMIUM ? draw.pick(new BigDecimal("9.99"), new BigDecimal("10.99"),
                    new BigDecimal("11.99")) : null;
            Instant enrolledAt = daysAgo(draw.between(0, 200));
            promotions.add(new Promotion(id, status, enrolledAt, plan, fee));
            if (status == PromotionStatus.ENROLLED && Duration.between(enrolledAt, anchor).toDays() > 5
                    && draw.chance(0.5)) {
                Instant reported = enrolledAt.plus(Duration.ofDays(draw.between(2, 5)));
                String caseId = openCase(CaseTopic.PROMOTION_ACTIVATION, draw.chance(0.85), reported, null,
                        id + " not activating");
                complaints(caseId, reported, "PROMOTION", List.of(
                        "Bundle not showing as premium",
                        "Told to delete the app and reinstall; downloads lost, still not premium",
                        "Told to sign out on all devices; no change",
                        "Told to cancel the direct debit and activate over cellular"));
            }
        }

        private void otherCases() {
            if (!draw.chance(0.08)) {
                return;
            }
            CaseTopic topic = draw.pick(CaseTopic.NETWORK, CaseTopic.DEVICE, CaseTopic.OTHER);
            Instant at = daysAgo(draw.between(1, 120));
            String caseId = openCase(topic, draw.chance(0.3), at, lines.get(0).subscriptionId(),
                    switch (topic) {
                        case NETWORK -> "No signal at home";
                        case DEVICE -> "Handset fault";
                        default -> "Address change";
                    });
            complaints(caseId, at, topic.name(), List.of("Reported the problem", "Chased for an update",
                    "Engineer visit arranged"));
        }

        /** Contacts that are not about a case: praise, questions, upgrade browsing. */
        private void chatter() {
            int count = draw.chance(0.3) ? draw.between(1, 2) : 0;
            for (int i = 0; i < count; i++) {
                String topic = draw.pick("PRAISE", "GENERAL", "UPGRADE", "BILLING");
                interactions.add(new Interaction(daysAgo(draw.between(0, 180)), draw.pick(COMPLAINT_CHANNELS), topic,
                        null, switch (topic) {
                            case "PRAISE" -> "Thanked the team";
                            case "UPGRADE" -> "Asked about handset upgrades";
                            case "BILLING" -> "Asked when the bill is due";
                            default -> "General question";
                        }));
            }
        }

        /** Promoters, passives and detractors in roughly equal measure among those who answer. */
        private void surveys() {
            int count = draw.chance(0.45) ? draw.between(1, 2) : 0;
            for (int i = 0; i < count; i++) {
                int roll = draw.between(0, 99);
                int score = roll < 35 ? draw.between(9, 10) : roll < 65 ? draw.between(7, 8) : draw.between(0, 6);
                surveys.add(new Survey(daysAgo(draw.between(0, 150)), draw.pick(Channel.SMS, Channel.EMAIL, Channel.APP),
                        score));
            }
        }

        /**
         * Offers made before, with what the customer did. Most retention offers carry the code the offer table
         * would pick today, so their action ids match and the "declined in the last 90 days" rule can see them.
         */
        private void contactHistory(LocalDate openedAt) {
            if (draw.chance(0.2)) {
                long tenure = ChronoUnit.YEARS.between(openedAt, today);
                String code = draw.chance(0.7) ? RetentionCatalogue.offerFor(segment, tenure)
                        : draw.pick(RetentionCatalogue.CODES);
                int roll = draw.between(0, 99);
                ContactOutcome outcome = roll < 30 ? ContactOutcome.SENT : roll < 50 ? ContactOutcome.ACCEPTED
                        : roll < 85 ? ContactOutcome.DECLINED : ContactOutcome.IGNORED;
                contact(ActionType.RETENTION_OFFER, "retention:" + code, outcome,
                        draw.pick(Channel.LETTER, Channel.EMAIL, Channel.CALL_CENTER), draw.between(1, 120));
            }
            if (draw.chance(0.12)) {
                contact(ActionType.OUTREACH, "add-a-line",
                        draw.pick(ContactOutcome.PRESENTED, ContactOutcome.ACCEPTED, ContactOutcome.DECLINED),
                        draw.pick(ASSISTED), draw.between(1, 150));
            }
            if (draw.chance(0.05)) {
                contact(ActionType.OUTREACH, "detractor-callback", draw.pick(ContactOutcome.ACCEPTED, ContactOutcome.IGNORED),
                        Channel.CALL_CENTER, draw.between(1, 60));
            }
        }

        private void contact(ActionType type, String key, ContactOutcome outcome, Channel channel, int daysAgo) {
            contacts.add(new ContactRecord(draw.uuid(), ActionIds.of(customerId, type, key), type, channel,
                    daysAgo(daysAgo), outcome, key, null));
        }

        /** Consent is often withheld or never asked for (absent from the map): both mean no outbound contact. */
        private void consents(String first, String surname) {
            consent(Channel.EMAIL, 0.78, 0.12);
            consent(Channel.SMS, 0.70, 0.15);
            consent(Channel.LETTER, 0.85, 0.10);
            consent(Channel.SOCIAL, 0.35, 0.20);
            if (draw.chance(0.9)) {
                identifiers.add(new Identifier(IdentifierType.EMAIL,
                        (first + "." + surname + (index + 1)).toLowerCase(Locale.ROOT) + "@example.com"));
            }
            if (draw.chance(0.25)) {
                identifiers.add(new Identifier(IdentifierType.SOCIAL, "@" + (first + surname).toLowerCase(Locale.ROOT)
                        + (index + 1)));
            }
            if (draw.chance(0.15)) {
                identifiers.add(new Identifier(IdentifierType.STORE_CARD, "SC-" + (10000 + draw.below(90000))));
            }
        }

        private void consent(Channel channel, double granted, double refused) {
            double roll = draw.between(0, 999) / 1000.0;
            if (roll < granted) {
                consents.put(channel, true);
            } else if (roll < granted + refused) {
                consents.put(channel, false);
            }
        }

        private Instant daysAgo(int days) {
            return anchor.minus(Duration.ofDays(days)).minus(Duration.ofMinutes(draw.between(0, days == 0 ? 0 : 600)));
        }

        private LocalDate date(Instant at) {
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
        }
    }
}
