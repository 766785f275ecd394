package io.chorus.engine.decision;

/** Which side of a champion/challenger split decided: the active rule set, or the challenger. */
public enum Variant { CHAMPION, CHALLENGER }
