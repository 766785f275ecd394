package com.example.nba;

import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.Suppressed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's embedding example does what it says: the seed customer's credit, and the letter it blocks. */
class NextBestActionTest {
    private static final Path RULES = Path.of(System.getProperty("chorus.rules", "../../rules"));
    private static final Instant AS_OF = Instant.parse("2026-05-20T10:00:00Z");

    @Test
    void givenTheSeedCustomer_whenDecidingForTheCallCentre_thenTheRemovedLineIsCreditedAndTheRetentionOfferBlocked()
            throws Exception {
        NextBestAction engine = new NextBestAction(RULES);
        CustomerContext sam = ContextJson.parse(Files.readAllBytes(RULES.resolve("customers/sam-rivers.json")));

        Decision decision = engine.decide(sam, Channel.CALL_CENTER, AS_OF);

        Action first = decision.actions().get(0);
        assertEquals(ActionType.CREDIT, first.type());
        assertEquals(0, new BigDecimal("12.50").compareTo(first.amount()));
        assertTrue(decision.suppressed().stream().map(Suppressed::blockedBy)
                .anyMatch("No retention offer to a growing account"::equals), decision.suppressed().toString());
    }
}
