package io.chorus.engine.decision;

import io.chorus.engine.context.Channel;

/**
 * A fact the analysts' channel table inserts for a channel on which we reach out (EMAIL, SMS, LETTER): a decision
 * there is a send, recorded as a contact, and marketing on it needs the customer's consent.
 */
public record OutboundChannel(Channel channel) {
}
