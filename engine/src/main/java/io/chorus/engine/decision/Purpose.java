package io.chorus.engine.decision;

/** Why an action exists: to serve the customer, or to sell. Contact policy treats the two differently. */
public enum Purpose { SERVICE, SALES }
