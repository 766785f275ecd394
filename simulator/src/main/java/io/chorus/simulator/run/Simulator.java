package io.chorus.simulator.run;

import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.report.SimulationReport.RulesUsed;
import io.chorus.simulator.source.PopulationLine;
import io.chorus.simulator.source.PopulationSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs a population through a candidate rule set, and a baseline where given, in constant memory.
 *
 * <p>The calling thread reads the source and hands batches of records to a small bounded queue; worker threads
 * (one per core by default) parse, decide and count into their own {@link Tally}; the tallies are merged when the
 * source is exhausted. Memory is the queue plus the tallies, whatever the population's size.
 */
public final class Simulator {
    private static final int BATCH = 128;
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final List<PopulationLine> END = List.of();

    private final RuleSet candidate;
    private final RuleSet baseline;
    private final SimulationSettings settings;
    private final Decider decider;

    /** {@code baseline} may be null: the run then reports the candidate alone. */
    public Simulator(RuleSet candidate, RuleSet baseline, SimulationSettings settings) {
        this(candidate, baseline, settings, ModelSet.EMPTY);
    }

    /**
     * As above, ranking with {@code models}: a frozen copy of the propensities a store has learned, used by each
     * rule set that has the predictors they learned under.
     */
    public Simulator(RuleSet candidate, RuleSet baseline, SimulationSettings settings, ModelSet models) {
        this.candidate = candidate;
        this.baseline = baseline;
        this.settings = settings;
        this.decider = new Decider(candidate, baseline, settings, models);
    }

    public SimulationResult run(PopulationSource source, RunObserver observer) throws Exception {
        long started = System.nanoTime();
        BlockingQueue<List<PopulationLine>> queue = new ArrayBlockingQueue<>(settings.workers() * 4);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<FirstBad> stoppedAt = new AtomicReference<>();
        LongAdder customersDone = new LongAdder();
        LongAdder workDone = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread thread = new Thread(r, "simulate-worker");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<Tally>> workers = new ArrayList<>();
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(pool.submit(() -> work(queue, source, stop, stoppedAt, observer, customersDone, workDone)));
        }
        pool.shutdown();

        Progress progress = new Progress(observer, customersDone, workDone, source.totalWeight());
        Feeder feeder = new Feeder(queue, stop, workers, progress);
        try {
            source.read(feeder::accept);
            feeder.flush();
        } finally {
            feeder.end(settings.workers());
        }
        while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
            progress.report();
        }
        Tally total = decider.newTally();
        for (Future<Tally> worker : workers) {
            total.merge(worker.get());
        }
        progress.report();
        SimulationReport report = total.report(source.name(), settings.asOf(), settings.channels(),
                rulesUsed(candidate), baseline == null ? null : rulesUsed(baseline), secondsSince(started));
        return new SimulationResult(report, Optional.ofNullable(stoppedAt.get()).map(FirstBad::line));
    }

    /** How a report names a rule set: the directory it was loaded from, and its version. */
    public static RulesUsed rulesUsed(RuleSet rules) {
        return new RulesUsed(String.valueOf(rules.directory()), rules.version());
    }

    /** Elapsed seconds as reports give them, to the millisecond. */
    public static double secondsSince(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e6) / 1000.0;
    }

    private Tally work(BlockingQueue<List<PopulationLine>> queue, PopulationSource source, AtomicBoolean stop,
                       AtomicReference<FirstBad> stoppedAt, RunObserver observer, LongAdder customersDone,
                       LongAdder workDone) throws InterruptedException {
        Tally tally = decider.newTally();
        while (true) {
            List<PopulationLine> batch = queue.take();
            if (batch == END) {
                return tally;
            }
            long weight = 0;
            for (PopulationLine line : batch) {
                weight += source.weight(line);
                if (stop.get()) {
                    continue;
                }
                BadLine bad = decider.decide(line, tally);
                if (bad != null) {
                    observer.badLine(bad);
                    if (settings.strict()) {
                        // Workers race: of the bad records seen before everyone stopped, report the earliest.
                        FirstBad first = new FirstBad(line.ordinal(), bad);
                        stoppedAt.accumulateAndGet(first, (a, b) -> a == null || b.ordinal() < a.ordinal() ? b : a);
                        stop.set(true);
                    }
                }
            }
            customersDone.add(batch.size());
            workDone.add(weight);
        }
    }

    private record FirstBad(long ordinal, BadLine line) {
    }

    /** Reading side of the queue: batches records, waits for room, and keeps the progress report moving. */
    private static final class Feeder {
        private final BlockingQueue<List<PopulationLine>> queue;
        private final AtomicBoolean stop;
        private final List<Future<Tally>> workers;
        private final Progress progress;
        private List<PopulationLine> batch = new ArrayList<>(BATCH);

        Feeder(BlockingQueue<List<PopulationLine>> queue, AtomicBoolean stop, List<Future<Tally>> workers,
               Progress progress) {
            this.queue = queue;
            this.stop = stop;
            this.workers = workers;
            this.progress = progress;
        }

        boolean accept(PopulationLine line) {
            batch.add(line);
            if (batch.size() == BATCH) {
                return flush();
            }
            return !stop.get();
        }

        boolean flush() {
            if (batch.isEmpty()) {
                return !stop.get();
            }
            boolean accepted = put(batch);
            batch = new ArrayList<>(BATCH);
            return accepted;
        }

        /** Waits for room; gives up when the run was stopped or a worker died (it would never take again). */
        private boolean put(List<PopulationLine> items) {
            try {
                while (!queue.offer(items, 100, TimeUnit.MILLISECONDS)) {
                    progress.report();
                    if (stop.get() || workers.stream().anyMatch(Future::isDone)) {
                        return false;
                    }
                }
                progress.maybeReport();
                return !stop.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.set(true);
                return false;
            }
        }

        /** One end marker per worker; a worker that already died does not need one. */
        void end(int count) throws InterruptedException {
            for (int i = 0; i < count; i++) {
                while (!queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                    if (workers.stream().allMatch(Future::isDone)) {
                        return;
                    }
                }
            }
        }
    }

    /** Passes progress to the observer at most five times a second. */
    private static final class Progress {
        private final RunObserver observer;
        private final LongAdder customers;
        private final LongAdder done;
        private final long total;
        private long lastReport = System.nanoTime();

        Progress(RunObserver observer, LongAdder customers, LongAdder done, long total) {
            this.observer = observer;
            this.customers = customers;
            this.done = done;
            this.total = total;
        }

        void maybeReport() {
            if (System.nanoTime() - lastReport >= PROGRESS_EVERY_NANOS) {
                report();
            }
        }

        void report() {
            lastReport = System.nanoTime();
            observer.progress(customers.sum(), done.sum(), total);
        }
    }
}
