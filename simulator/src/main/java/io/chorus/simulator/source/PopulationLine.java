package io.chorus.simulator.source;

/**
 * One customer context as it came from the population: its raw JSON and where it came from, so a problem
 * with it is reported as {@code origin:number: message} (a file and its line), or {@code origin: message} where
 * the origin names the record itself (number 0: a database row by its key). {@code ordinal} counts every record from 0 in source
 * order; it orders samples deterministically whatever thread handled them.
 */
public record PopulationLine(String origin, long number, long ordinal, byte[] json) {

    public String location() {
        return number > 0 ? origin + ":" + number : origin;
    }
}
