package io.chorus.simulator.source;

import java.util.function.Predicate;

/** Where the customers of a run come from, read as a stream so any size fits in constant memory. */
public interface PopulationSource {

    /** Names the source in reports and in {@code origin:number} locations. */
    String name();

    /**
     * Hands every record to {@code sink}, in order, until the source ends or {@code sink} answers false (the run
     * was stopped).
     */
    void read(Predicate<PopulationLine> sink) throws Exception;

    /** How much work there is, in the units of {@link #weight}; 0 when unknown. Drives the progress bar's ETA. */
    long totalWeight();

    /** How much of {@link #totalWeight} one record accounts for. */
    long weight(PopulationLine line);
}
