package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;

/** The rule set says this channel can present this type of action. A channel shows nothing else. */
public record ChannelCapability(Channel channel, ActionType type) {
}
