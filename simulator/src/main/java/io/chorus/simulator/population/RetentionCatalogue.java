package io.chorus.simulator.population;

import io.chorus.engine.context.Segment;

import java.util.List;

/**
 * The retention offer codes of the default rule set (rules/tables/retention-offers.drl.csv), so generated contact
 * history can hold offers the rules recognise: a declined offer only blocks a repeat when its action id matches.
 */
final class RetentionCatalogue {
    private record Band(Segment segment, long fromYears, long toYears, String code) {
    }

    private static final List<Band> BANDS = List.of(
            new Band(Segment.CONSUMER, 0, 2, "CONSUMER_DATA_BOOST"),
            new Band(Segment.CONSUMER, 2, 5, "CONSUMER_LOYALTY_10"),
            new Band(Segment.CONSUMER, 5, 100, "CONSUMER_LOYALTY_15"),
            new Band(Segment.BUSINESS, 0, 3, "BUSINESS_SHARED_DATA"),
            new Band(Segment.BUSINESS, 3, 100, "BUSINESS_ACCOUNT_REVIEW"));

    static final List<String> CODES = BANDS.stream().map(Band::code).toList();

    private RetentionCatalogue() {
    }

    /** The code the offer table would choose for this segment and tenure. */
    static String offerFor(Segment segment, long tenureYears) {
        return BANDS.stream()
                .filter(b -> b.segment() == segment && tenureYears >= b.fromYears() && tenureYears < b.toYears())
                .map(Band::code)
                .findFirst()
                .orElseThrow();
    }
}
