package io.chorus.engine.decision;

/**
 * Why an action exists: to serve the customer about their own account, or to market to them. Marketing consent
 * governs MARKETING actions only; a withdrawn consent never blocks a credit notice. Which purpose each action
 * type has is the analysts' data ({@code rules/tables/action-purposes.drl.csv}), not a literal in Java.
 */
public enum Purpose { SERVICE, MARKETING }
