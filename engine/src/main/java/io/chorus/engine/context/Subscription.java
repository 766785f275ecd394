package io.chorus.engine.context;

import java.time.LocalDate;

/** One line (SIM) on an account. {@code device} is free text: handsets, tablets, routers come and go. */
public record Subscription(String subscriptionId, String accountId, SubscriptionKind kind, String device,
                           SubscriptionStatus status, LocalDate activatedAt, LocalDate endedAt) {
}
