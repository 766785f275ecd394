package io.chorus.engine.context;

import java.time.Instant;

/**
 * One change of marketing consent on one channel, with its moment and the value it replaced ({@code previous},
 * null when the channel had no recorded consent), so a decision made as of an earlier moment sees the consent
 * as it was then.
 */
public record ConsentChange(Channel channel, boolean granted, Instant at, Boolean previous) {
}
