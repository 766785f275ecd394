package io.chorus.engine.context;

public enum ChargeStatus { BILLED, CREDITED, DISPUTED }
