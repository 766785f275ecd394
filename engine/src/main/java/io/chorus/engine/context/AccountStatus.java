package io.chorus.engine.context;

public enum AccountStatus { ACTIVE, SUSPENDED, CLOSED }
