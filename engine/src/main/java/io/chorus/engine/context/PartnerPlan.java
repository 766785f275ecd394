package io.chorus.engine.context;

/** What the customer had with the promotion's partner before enrolling. */
public enum PartnerPlan { NONE, FREE, PAID_PREMIUM }
