package io.chorus.engine.decision;

/** The four parts of an action's priority: propensity × context weight × value × business lever. */
public enum Factor { PROPENSITY, CONTEXT_WEIGHT, VALUE, LEVER }
