package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.Segment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The fact that tells rules who is asking and when: {@code asOf} is the only clock a rule sees, and
 * {@code today} is its date in UTC, so rules never call {@code now()}.
 */
public record Situation(String customerId, Segment segment, Channel channel, Instant asOf, LocalDate today) {

    public static Situation of(DecisionRequest request) {
        return new Situation(request.context().customerId(), request.context().segment(), request.channel(),
                request.asOf(), LocalDate.ofInstant(request.asOf(), ZoneOffset.UTC));
    }
}
