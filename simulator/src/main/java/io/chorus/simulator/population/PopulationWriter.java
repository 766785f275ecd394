package io.chorus.simulator.population;

import io.chorus.engine.context.ContextJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/** Writes a population as JSON Lines, one customer at a time: memory does not grow with the size. */
public final class PopulationWriter {
    private PopulationWriter() {
    }

    /** Writes customers 0..size-1; {@code written} hears the running count now and then, for progress. */
    public static void write(PopulationGenerator generator, long size, Path out, LongConsumer written) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer writer = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            write(generator, size, writer, written);
        }
    }

    public static void write(PopulationGenerator generator, long size, Writer writer, LongConsumer written)
            throws IOException {
        for (long i = 0; i < size; i++) {
            writer.write(ContextJson.write(generator.customer(i)));
            writer.write('\n');
            if ((i + 1) % 10_000 == 0) {
                written.accept(i + 1);
            }
        }
        written.accept(size);
    }
}
