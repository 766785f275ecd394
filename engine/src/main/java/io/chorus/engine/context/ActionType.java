package io.chorus.engine.context;

public enum ActionType { OUTREACH, RETENTION_OFFER, CREDIT, GUIDANCE }
