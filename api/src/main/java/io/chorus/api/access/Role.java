package io.chorus.api.access;

/** What an API key may do (docs/api.md, "Access"). ADMIN may do everything. */
public enum Role {
    /** Make decisions, record outcomes, read a customer's context. */
    CHANNEL,
    /** Create profiles and post events: the systems of record. */
    RECORDER,
    /** Read the rule set and its load history. */
    ANALYST,
    /** Everything, including reloading rules. */
    ADMIN
}
