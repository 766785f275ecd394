package io.chorus.simulator.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A population file, one context per line (JSON Lines). Lines are split as bytes and handed on undecoded:
 * Jackson reads UTF-8 bytes faster than it reads a String, and nothing is decoded twice. Blank lines are skipped.
 * A name ending in {@code .gz} is read through gunzip (a million customers are ~1.7 GB as text, ~10% of that
 * compressed); {@code -} reads standard input, as does a pipe such as {@code <(zcat …)}.
 */
public final class JsonLinesFile implements PopulationSource {
    private final Path file;
    private final long size;

    public JsonLinesFile(Path file) throws IOException {
        if (!isStandardInput(file) && (!Files.exists(file) || Files.isDirectory(file))) {
            throw new NoSuchFileException(file.toString());
        }
        this.file = file;
        // Progress is measured in bytes read against the file's size; unknown (0) for pipes and compressed files.
        this.size = Files.isRegularFile(file) && !isCompressed(file) ? Files.size(file) : 0;
    }

    private static boolean isStandardInput(Path file) {
        return file.toString().equals("-");
    }

    private static boolean isCompressed(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".gz");
    }

    private InputStream open() throws IOException {
        if (isStandardInput(file)) {
            return new FilterInputStream(System.in) {
                @Override
                public void close() {
                    // Standard input belongs to the process, not to this reader.
                }
            };
        }
        InputStream in = Files.newInputStream(file);
        return isCompressed(file) ? new GZIPInputStream(in, 1 << 16) : in;
    }

    @Override
    public String name() {
        return isStandardInput(file) ? "stdin" : file.toString();
    }

    @Override
    public long totalWeight() {
        return size;
    }

    @Override
    public long weight(PopulationLine line) {
        return line.json().length + 1L;
    }

    @Override
    public void read(Predicate<PopulationLine> sink) throws IOException {
        try (InputStream in = open()) {
            byte[] buffer = new byte[1 << 20];
            byte[] pending = new byte[4096];
            int pendingLength = 0;
            long lineNumber = 0;
            long ordinal = 0;
            int read;
            while ((read = in.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    lineNumber++;
                    byte[] line;
                    if (pendingLength > 0) {
                        line = Arrays.copyOf(pending, pendingLength + i - start);
                        System.arraycopy(buffer, start, line, pendingLength, i - start);
                        pendingLength = 0;
                    } else {
                        line = Arrays.copyOfRange(buffer, start, i);
                    }
                    start = i + 1;
                    if (!isBlank(line) && !sink.test(new PopulationLine(name(), lineNumber, ordinal++, line))) {
                        return;
                    }
                }
                int rest = read - start;
                if (pendingLength + rest > pending.length) {
                    pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + rest));
                }
                System.arraycopy(buffer, start, pending, pendingLength, rest);
                pendingLength += rest;
            }
            if (pendingLength > 0) {
                byte[] last = Arrays.copyOf(pending, pendingLength);
                if (!isBlank(last)) {
                    sink.test(new PopulationLine(name(), lineNumber + 1, ordinal, last));
                }
            }
        }
    }

    /** A line of spaces, tabs and carriage returns only: no record, skipped without counting. */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
