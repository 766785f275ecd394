package io.chorus.api.events;

import io.chorus.engine.context.AccountEventType;

/** The vocabulary of POST /v1/events (docs/api.md, "Writing the record"): everything that changes a customer's context. */
public enum EventType {
    CONTRACT_RENEWED, LINE_ADDED, LINE_REMOVED, SIM_SWAPPED, PLAN_CHANGED, CANCELLATION_REQUESTED,
    PORT_OUT_REQUESTED,
    CHARGE_BILLED, CHARGE_CREDITED, CHARGE_DISPUTED,
    INTERACTION,
    CASE_OPENED, CASE_UPDATED, CASE_RESOLVED,
    PROMOTION_ENROLLED, PROMOTION_ACTIVATED, PROMOTION_FAILED, PROMOTION_ENDED,
    SURVEY_RESPONDED,
    CONSENT_CHANGED;

    /** The account event this is, for the seven types that are one. */
    public AccountEventType accountEventType() {
        return switch (this) {
            case CONTRACT_RENEWED -> AccountEventType.CONTRACT_RENEWED;
            case LINE_ADDED -> AccountEventType.LINE_ADDED;
            case LINE_REMOVED -> AccountEventType.LINE_REMOVED;
            case SIM_SWAPPED -> AccountEventType.SIM_SWAPPED;
            case PLAN_CHANGED -> AccountEventType.PLAN_CHANGED;
            case CANCELLATION_REQUESTED -> AccountEventType.CANCELLATION_REQUESTED;
            case PORT_OUT_REQUESTED -> AccountEventType.PORT_OUT_REQUESTED;
            default -> null;
        };
    }
}
