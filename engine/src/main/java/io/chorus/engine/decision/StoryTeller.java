package io.chorus.engine.decision;

import io.chorus.engine.context.AccountEvent;
import io.chorus.engine.context.AccountEventType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Charge;
import io.chorus.engine.context.ChargeStatus;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.CustomerCase;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Interaction;
import io.chorus.engine.context.Promotion;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.context.Survey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The short account of what has happened to the customer, the same on every channel, so that no agent asks
 * the customer to tell the story again. Built from the context as of the decision, most recent lines kept.
 */
public final class StoryTeller {
    static final int MAX_LINES = 12;

    private StoryTeller() {
    }

    private record Line(Instant at, String text) {
    }

    /** The story; {@code owedBack} are the charges the rules found still owed back to the customer. */
    public static List<String> tell(CustomerContext context, Instant asOf, Set<String> owedBack) {
        List<Line> lines = new ArrayList<>();
        accountChanges(context, lines);
        for (Survey s : context.surveys()) {
            lines.add(new Line(s.at(), date(s.at()) + " " + s.channel() + ": survey answered " + s.score() + "/10"));
        }
        for (Promotion p : context.promotions()) {
            if (p.enrolledAt() != null) {
                lines.add(new Line(p.enrolledAt(), date(p.enrolledAt()) + ": enrolled in " + p.promotionId()
                        + promotionState(p, asOf)));
            }
        }
        billedAfterRemoval(context, owedBack, lines);
        for (Interaction i : context.interactions()) {
            String about = i.topic() == null ? "" : " about " + i.topic().toLowerCase(Locale.ROOT).replace('_', ' ');
            String note = i.note() == null || i.note().isBlank() ? "" : ": " + i.note();
            lines.add(new Line(i.at(), date(i.at()) + " " + i.channel() + about + note));
        }
        for (CustomerCase c : context.cases()) {
            if (c.openedAt() != null) {
                String state = switch (c.status()) {
                    case OPEN -> "still open after " + ChronoUnit.DAYS.between(c.openedAt(), asOf) + " days";
                    case RESOLVED -> "resolved";
                };
                lines.add(new Line(c.openedAt(), date(c.openedAt()) + ": case " + c.caseId() + " ("
                        + c.topic() + ") opened" + (c.summary() == null ? "" : ", \"" + c.summary() + "\"")
                        + ", " + state));
            }
        }
        for (ContactRecord h : context.contactHistory()) {
            String what = h.title() == null || h.title().isBlank() ? "" : " \"" + h.title() + "\"";
            lines.add(new Line(h.at(), date(h.at()) + " " + h.channel() + ": " + h.actionType() + what + " "
                    + h.outcome().name().toLowerCase(Locale.ROOT)));
        }
        lines.sort(Comparator.comparing(Line::at));
        List<String> story = new ArrayList<>(Math.min(lines.size(), MAX_LINES));
        for (int i = Math.max(0, lines.size() - MAX_LINES); i < lines.size(); i++) {
            story.add(lines.get(i).text());
        }
        return List.copyOf(story);
    }

    /** All account changes of one day on one channel make one line, as a person would tell them. */
    private static void accountChanges(CustomerContext context, List<Line> lines) {
        if (context.accountEvents().isEmpty()) {
            return;
        }
        List<AccountEvent> events = new ArrayList<>(context.accountEvents());
        events.sort(Comparator.comparing(AccountEvent::at));
        Map<String, List<AccountEvent>> byDay = new LinkedHashMap<>();
        for (AccountEvent e : events) {
            byDay.computeIfAbsent(date(e.at()) + "|" + e.channel(), k -> new ArrayList<>()).add(e);
        }
        for (List<AccountEvent> day : byDay.values()) {
            AccountEvent first = day.get(0);
            Channel channel = first.channel();
            List<String> parts = new ArrayList<>();
            long added = 0;
            for (AccountEvent e : day) {
                added += e.type() == AccountEventType.LINE_ADDED ? 1 : 0;
            }
            BigDecimal net = BigDecimal.ZERO;
            for (AccountEvent e : day) {
                net = net.add(e.delta());
                switch (e.type()) {
                    case CONTRACT_RENEWED -> parts.add("contract renewed");
                    case LINE_ADDED -> {
                        if (added > 0) {
                            parts.add(added == 1 ? "1 line added" : added + " lines added");
                            added = 0;
                        }
                    }
                    case LINE_REMOVED -> parts.add(describeLine(context, e.subscriptionId()) + " removed");
                    case SIM_SWAPPED -> parts.add("SIM swapped on " + describeLine(context, e.subscriptionId()));
                    case PLAN_CHANGED -> parts.add("plan changed");
                    case CANCELLATION_REQUESTED -> parts.add("asked to cancel");
                    case PORT_OUT_REQUESTED -> parts.add("asked to port out");
                }
            }
            String commitment = net.signum() == 0 ? "" : "; monthly commitment " + (net.signum() > 0 ? "+" : "")
                    + net.setScale(2);
            lines.add(new Line(first.at(), date(first.at()) + (channel == null ? "" : " " + channel) + ": "
                    + String.join(", ", parts) + commitment));
        }
    }

    /**
     * Charges on lines removed before their bill month: still owed back where the rules say so, else settled, by
     * billing's credit or by a credit the customer accepted.
     */
    private static void billedAfterRemoval(CustomerContext context, Set<String> owedBack, List<Line> lines) {
        for (Charge charge : context.charges()) {
            Subscription line = subscription(context, charge.subscriptionId());
            if (line != null && line.status() == SubscriptionStatus.REMOVED
                    && Dates.endedBefore(line.endedAt(), charge.billMonth())) {
                String state = charge.status() == ChargeStatus.CREDITED
                        ? (charge.creditedAt() == null ? "credited" : "credited on " + date(charge.creditedAt()))
                        : !owedBack.contains(charge.chargeId()) ? "settled by a credit the customer accepted"
                        : charge.status() == ChargeStatus.DISPUTED ? "disputed, still owed back" : "still owed back";
                lines.add(new Line(charge.billMonthStart().atStartOfDay().toInstant(ZoneOffset.UTC),
                        charge.billMonth() + " bill: " + charge.amount() + " charged for "
                                + describeLine(context, charge.subscriptionId()) + ", removed " + line.endedAt()
                                + " (" + state + ")"));
            }
        }
    }

    private static String promotionState(Promotion p, Instant asOf) {
        return switch (p.status()) {
            case ENROLLED -> ", not working yet after " + ChronoUnit.DAYS.between(p.enrolledAt(), asOf) + " days";
            case ACTIVE -> p.activatedAt() == null ? ", now active"
                    : ", active since " + date(p.activatedAt()) + " after "
                    + ChronoUnit.DAYS.between(p.enrolledAt(), p.activatedAt()) + " days";
            case FAILED -> p.failedAt() == null ? ", activation failed"
                    : ", activation failed on " + date(p.failedAt());
            case ENDED -> p.endedAt() == null ? ", since ended" : ", ended on " + date(p.endedAt());
        };
    }

    private static Subscription subscription(CustomerContext context, String subscriptionId) {
        for (Subscription s : context.subscriptions()) {
            if (Objects.equals(s.subscriptionId(), subscriptionId)) {
                return s;
            }
        }
        return null;
    }

    private static String describeLine(CustomerContext context, String subscriptionId) {
        Subscription s = subscription(context, subscriptionId);
        if (s == null || s.device() == null) {
            return "line " + subscriptionId;
        }
        return s.device().toLowerCase(Locale.ROOT).replace('_', ' ') + " SIM " + subscriptionId;
    }

    private static String date(Instant at) {
        return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400L)).toString();
    }
}
