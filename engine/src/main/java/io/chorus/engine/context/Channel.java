package io.chorus.engine.context;

/** Where a customer meets the operator, and where an action can be shown. */
public enum Channel {
    STORE, CALL_CENTER, WEB, APP, SOCIAL, EMAIL, SMS, LETTER
}
