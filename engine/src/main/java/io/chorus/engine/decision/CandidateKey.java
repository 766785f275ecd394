package io.chorus.engine.decision;

import io.chorus.engine.context.ActionType;

/** Identifies one candidate within one decision. */
record CandidateKey(ActionType type, String key) {
}
