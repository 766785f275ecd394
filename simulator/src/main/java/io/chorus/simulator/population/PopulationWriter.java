package io.chorus.simulator.population;

import io.chorus.engine.context.ContextJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a population as JSON Lines. Customers are independent of each other, so chunks of them are generated on
 * every core and written strictly in order; only a few chunks are ever in memory, whatever the size.
 */
public final class PopulationWriter {
    private static final int CHUNK = 1000;

    private PopulationWriter() {
    }

    /** Writes customers 0..size-1; {@code written} hears the running count after each chunk, for progress. */
    public static void write(PopulationGenerator generator, long size, Path out, LongConsumer written) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream file = Files.newOutputStream(out);
        // FILE.jsonl.gz is written compressed: a million customers are ~1.7 GB as text.
        OutputStream stream = out.toString().endsWith(".gz") ? new GZIPOutputStream(file, 1 << 16) : file;
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            write(generator, size, writer, written);
        }
    }

    public static void write(PopulationGenerator generator, long size, Writer writer, LongConsumer written)
            throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "population-writer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<String>> pending = new ArrayDeque<>();
            long next = 0;
            long done = 0;
            while (done < size) {
                while (next < size && pending.size() < threads * 2) {
                    long from = next;
                    long to = Math.min(size, from + CHUNK);
                    pending.add(pool.submit(() -> chunk(generator, from, to)));
                    next = to;
                }
                writer.write(pending.removeFirst().get());
                done = Math.min(size, done + CHUNK);
                written.accept(done);
            }
            written.accept(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the population");
        } catch (ExecutionException e) {
            throw new IllegalStateException("generating the population failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String chunk(PopulationGenerator generator, long from, long to) {
        StringBuilder text = new StringBuilder((int) (to - from) * 2048);
        for (long i = from; i < to; i++) {
            text.append(ContextJson.write(generator.customer(i))).append('\n');
        }
        return text.toString();
    }
}
