package io.chorus.engine.context;

public enum Segment { CONSUMER, BUSINESS }
