package io.chorus.engine.context;

public enum CaseStatus { OPEN, RESOLVED }
