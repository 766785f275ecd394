package io.chorus.simulator.report;

import io.chorus.engine.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The report for machines: {@link SimulationReport} as JSON, with the contract's conventions. */
public final class JsonReport {
    private JsonReport() {
    }

    public static void write(SimulationReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
    }
}
