package io.chorus.engine.context;

public enum SubscriptionStatus { ACTIVE, SUSPENDED, REMOVED }
