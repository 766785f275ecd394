package io.chorus.engine.decision;

/** Where an action's propensity came from: a rule or table, or a model learned from outcomes. */
public enum PropensitySource { RULE, MODEL }
