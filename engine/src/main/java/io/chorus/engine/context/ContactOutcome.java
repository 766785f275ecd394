package io.chorus.engine.context;

public enum ContactOutcome { SENT, PRESENTED, ACCEPTED, DECLINED, IGNORED }
