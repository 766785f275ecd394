package io.chorus.engine.context;

public enum IdentifierType { ACCOUNT, MSISDN, EMAIL, SOCIAL, STORE_CARD }
