package io.chorus.simulator.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** {@code --as-of}: an ISO-8601 timestamp with offset, as everywhere in the contract. */
final class Timestamps implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + text + "\" is not a timestamp with offset, like 2026-05-20T10:00:00Z");
        }
    }
}
