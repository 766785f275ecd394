package io.chorus.engine.context;

public enum CaseTopic { BILLING_DISPUTE, PROMOTION_ACTIVATION, NETWORK, DEVICE, OTHER }
