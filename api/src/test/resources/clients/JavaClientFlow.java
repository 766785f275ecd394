package io.chorus.client.flow;

import io.chorus.client.ApiClient;
import io.chorus.client.api.CustomersApi;
import io.chorus.client.api.DecisionsApi;
import io.chorus.client.api.RulesApi;
import io.chorus.client.model.Account;
import io.chorus.client.model.AccountStatus;
import io.chorus.client.model.Channel;
import io.chorus.client.model.ContactOutcome;
import io.chorus.client.model.CustomerContext;
import io.chorus.client.model.CustomerRef;
import io.chorus.client.model.Decision;
import io.chorus.client.model.DecisionRequest;
import io.chorus.client.model.Event;
import io.chorus.client.model.EventType;
import io.chorus.client.model.EventsAccepted;
import io.chorus.client.model.Identifier;
import io.chorus.client.model.IdentifierType;
import io.chorus.client.model.OutcomeRecorded;
import io.chorus.client.model.OutcomeRequest;
import io.chorus.client.model.RuleSet;
import io.chorus.client.model.Segment;
import io.chorus.client.model.Subscription;
import io.chorus.client.model.SubscriptionKind;
import io.chorus.client.model.SubscriptionStatus;

import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An integrator's program, written against the Java client openapi-generator makes from the served document:
 * a profile, events (the removed tablet SIM still billed), a decision, its outcome, the context, the rules.
 * Throws on the first thing that is not as the contract says.
 */
public final class JavaClientFlow {
    public static void run(URI base, Map<String, String> keys) throws Exception {
        CustomersApi recorder = new CustomersApi(client(base, keys.get("RECORDER")));
        CustomersApi channelCustomers = new CustomersApi(client(base, keys.get("CHANNEL")));
        DecisionsApi channel = new DecisionsApi(client(base, keys.get("CHANNEL")));
        RulesApi analyst = new RulesApi(client(base, keys.get("ANALYST")));

        CustomerContext profile = new CustomerContext().customerId("C-7001").name("Priya Shah").segment(Segment.BUSINESS)
                .identifiers(List.of(new Identifier().type(IdentifierType.EMAIL).value("priya@example.com")))
                .consents(Map.of("EMAIL", true, "LETTER", true))
                .accounts(List.of(new Account().accountId("BA-90").status(AccountStatus.ACTIVE)
                        .openedAt(LocalDate.parse("2020-01-15")).monthlyCommitment(new BigDecimal("60.00"))))
                .subscriptions(List.of(new Subscription().subscriptionId("S-91").accountId("BA-90")
                        .kind(SubscriptionKind.DATA_ONLY).device("TABLET").status(SubscriptionStatus.ACTIVE)
                        .activatedAt(LocalDate.parse("2021-03-01"))));
        CustomerContext saved = recorder.saveProfile("C-7001", profile);
        check(saved.getIdentifiers().get(0).getValue().equals("priya@example.com"), "profile saved: " + saved);

        CustomerRef priya = new CustomerRef().id("C-7001");
        EventsAccepted accepted = recorder.postEvents(List.of(
                new Event().eventId("J-1").customer(priya).type(EventType.LINE_REMOVED)
                        .at(OffsetDateTime.parse("2026-03-10T10:50:00Z")).channel(Channel.STORE)
                        .accountId("BA-90").subscriptionId("S-91").monthlyDelta(new BigDecimal("-12.50")),
                new Event().eventId("J-2").customer(priya).type(EventType.CHARGE_BILLED)
                        .at(OffsetDateTime.parse("2026-04-01T00:00:00Z")).chargeId("CH-91").accountId("BA-90")
                        .subscriptionId("S-91").billMonth("2026-04").amount(new BigDecimal("12.50")).kind("RECURRING")));
        check(accepted.getApplied() == 2, "events applied: " + accepted);

        Decision decision = channel.decide(new DecisionRequest().customer(priya).channel(Channel.CALL_CENTER)
                .asOf(OffsetDateTime.parse("2026-05-20T10:00:00Z")));
        check(decision.getActions().stream().anyMatch(a -> a.getAmount() != null
                && a.getAmount().compareTo(new BigDecimal("12.50")) == 0), "a credit of 12.50: " + decision);

        OutcomeRecorded outcome = channel.recordOutcome(decision.getDecisionId(), new OutcomeRequest()
                .actionId(decision.getActions().get(0).getActionId()).outcome(ContactOutcome.ACCEPTED)
                .at(OffsetDateTime.parse("2026-05-20T10:05:00Z")));
        check(outcome.getInContactHistory(), "outcome recorded: " + outcome);

        CustomerContext context = channelCustomers.getContext("C-7001");
        check(context.getContactHistory().stream().anyMatch(c -> decision.getDecisionId().equals(c.getDecisionId())),
                "the outcome is in the contact history: " + context);
        check(channelCustomers.findCustomer("EMAIL:PRIYA@example.com").getCustomerId().equals("C-7001"),
                "found by e-mail");

        RuleSet rules = analyst.getRules();
        check(rules.getVersion().startsWith("sha256:"), "rules: " + rules.getVersion());
    }

    private static ApiClient client(URI base, String key) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        return client;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError("not as the contract says: " + what);
        }
    }
}
