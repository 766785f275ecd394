package io.chorus.engine.context;

public enum SubscriptionKind { VOICE, DATA_ONLY, MIFI }
