package io.chorus.engine.context;

/** ENROLLED means signed up but not yet working. */
public enum PromotionStatus { ENROLLED, ACTIVE, FAILED, ENDED }
