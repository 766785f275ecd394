package io.chorus.engine.context;

public enum ChargeKind { RECURRING, USAGE, ONE_OFF }
