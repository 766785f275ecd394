package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

import java.util.List;

/** A candidate a rule proposed and another rule blocked: the blocking rule and its sentence. */
public record Suppressed(String actionId, ActionType type, String title, String blockedBy, String reason,
                         String proposedBy, List<Reason> alsoBlockedBy, String key) {
}
