package io.chorus.simulator.outbound;

import io.chorus.engine.constraints.Capacity;
import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Action;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.FieldProblem;
import io.chorus.engine.json.InvalidDocumentException;
import io.chorus.engine.learning.ModelSet;
import io.chorus.engine.rules.RuleSet;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.source.PopulationLine;
import io.chorus.simulator.source.PopulationSource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * An outbound run: decides every customer of a population on each outbound channel (worker threads, one per core),
 * keeps each decision's ranked actions as candidates, then allocates them under the rule set's volume constraints
 * with {@link Allocator}. Candidates are kept in primitive arrays in population order, so the allocation, and
 * the actions chosen, are the same whatever thread decided whom.
 */
public final class OutboundRun {
    private static final int BATCH = 256;
    private static final List<PopulationLine> END = List.of();
    private static final ActionType[] TYPES = ActionType.values();
    private static final Channel[] CHANNELS = Channel.values();

    /**
     * Every customer is decided on each of {@code channels} as of {@code asOf}, with up to {@code maxActions}
     * ranked actions as candidates; at most {@code perChannel} are sent per customer and channel. A bad record
     * stops the run unless {@code skipBad}.
     */
    public record Settings(List<Channel> channels, Instant asOf, int maxActions, int perChannel, int workers,
                           boolean skipBad) {
        public Settings {
            channels = List.copyOf(new LinkedHashSet<>(channels));
            if (channels.isEmpty()) {
                throw new IllegalArgumentException("at least one channel");
            }
            if (maxActions < 1 || perChannel < 1 || workers < 1) {
                throw new IllegalArgumentException("maxActions, perChannel and workers must be at least 1");
            }
        }
    }

    /** A channel the rules do not send on: an outbound run cannot use it. */
    public static final class NotOutbound extends RuntimeException {
        public NotOutbound(Channel channel) {
            super(channel + " is not an outbound channel in these rules (outbound channels are the rules' word:"
                    + " the channels table inserts OutboundChannel for them)");
        }
    }

    private final RuleSet rules;
    private final Settings settings;
    private final List<VolumeConstraint> constraints;
    private final Map<String, BigDecimal> usedBefore;

    /**
     * {@code usedBefore}: what the current period has used of each constraint already (the service's counters);
     * a constraint not named has used nothing.
     */
    private final ModelSet models;

    public OutboundRun(RuleSet rules, Settings settings, Map<String, BigDecimal> usedBefore) {
        this(rules, settings, usedBefore, ModelSet.EMPTY);
    }

    /** As above, ranking by {@code models}: a frozen copy of the propensities the service has learned. */
    public OutboundRun(RuleSet rules, Settings settings, Map<String, BigDecimal> usedBefore, ModelSet models) {
        this.models = models;
        this.rules = rules;
        this.settings = settings;
        this.usedBefore = Map.copyOf(usedBefore);
        List<VolumeConstraint> counting = new ArrayList<>();
        for (VolumeConstraint c : rules.constraints()) {
            if (c.channel() == null || settings.channels().contains(c.channel())) {
                counting.add(c);
            }
        }
        this.constraints = List.copyOf(counting);
    }

    /** The constraints that can count an action on the run's channels, in the rule set's order. */
    public List<VolumeConstraint> constraints() {
        return constraints;
    }

    /** Each constraint's first day of the period the run's {@code asOf} falls in. */
    public LocalDate periodStart(VolumeConstraint c) {
        return Capacity.periodStart(c.period(), settings.asOf());
    }

    public Result run(PopulationSource source, RunObserver observer) throws Exception {
        long started = System.nanoTime();
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(settings.workers() * 4);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Failure> failure = new AtomicReference<>();
        ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
        LongAdder done = new LongAdder();
        LongAdder work = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(settings.workers(), r -> {
            Thread thread = new Thread(r, "outbound-worker");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(pool.submit(() -> {
                work(queue, chunks, stop, failure, observer, source, done, work);
                return null;
            }));
        }
        pool.shutdown();
        long[] sequence = {0};
        List<PopulationLine>[] batch = new List[] {new ArrayList<PopulationLine>(BATCH)};
        long[] lastReport = {System.nanoTime()};
        try {
            source.read(line -> {
                batch[0].add(line);
                if (batch[0].size() == BATCH) {
                    if (!put(queue, new Batch(sequence[0]++, batch[0]), stop, workers)) {
                        return false;
                    }
                    batch[0] = new ArrayList<>(BATCH);
                    if (System.nanoTime() - lastReport[0] > 200_000_000L) {
                        lastReport[0] = System.nanoTime();
                        observer.progress(done.sum(), work.sum(), source.totalWeight());
                    }
                }
                return !stop.get();
            });
            if (!batch[0].isEmpty()) {
                put(queue, new Batch(sequence[0]++, batch[0]), stop, workers);
            }
        } finally {
            for (int i = 0; i < settings.workers(); i++) {
                while (!queue.offer(new Batch(-1, END), 100, TimeUnit.MILLISECONDS)) {
                    if (workers.stream().allMatch(Future::isDone)) {
                        break;
                    }
                }
            }
        }
        while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
            observer.progress(done.sum(), work.sum(), source.totalWeight());
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        observer.progress(done.sum(), work.sum(), source.totalWeight());
        if (failure.get() != null) {
            Failure f = failure.get();
            if (f.notOutbound() != null) {
                throw f.notOutbound();
            }
            return new Result(this, settings, null, null, null, null, null, null, null, null, 0, List.of(f.line()),
                    f.line(), seconds(started));
        }
        return assemble(chunks, sequence[0], started);
    }

    private static double seconds(long started) {
        return Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    }

    private static boolean put(BlockingQueue<Batch> queue, Batch batch, AtomicBoolean stop, List<Future<?>> workers) {
        try {
            while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                if (stop.get() || workers.stream().anyMatch(Future::isDone)) {
                    return false;
                }
            }
            return !stop.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            return false;
        }
    }

    private record Batch(long sequence, List<PopulationLine> lines) {
    }

    private record Failure(long ordinal, BadLine line, NotOutbound notOutbound) {
    }

    private void work(BlockingQueue<Batch> queue, ConcurrentHashMap<Long, Chunk> chunks, AtomicBoolean stop,
                      AtomicReference<Failure> failure, RunObserver observer, PopulationSource source,
                      LongAdder done, LongAdder work) throws InterruptedException {
        while (true) {
            Batch batch = queue.take();
            if (batch.lines() == END) {
                return;
            }
            Chunk chunk = new Chunk();
            long weight = 0;
            for (PopulationLine line : batch.lines()) {
                weight += source.weight(line);
                if (stop.get()) {
                    continue;
                }
                try {
                    BadLine bad = decide(line, chunk);
                    if (bad != null) {
                        chunk.bad.add(bad);
                        observer.badLine(bad);
                        if (!settings.skipBad()) {
                            Failure first = new Failure(line.ordinal(), bad, null);
                            failure.accumulateAndGet(first, (a, b) -> a == null || b.ordinal() < a.ordinal() ? b : a);
                            stop.set(true);
                        }
                    }
                } catch (NotOutbound e) {
                    failure.set(new Failure(-1, null, e));
                    stop.set(true);
                }
            }
            chunks.put(batch.sequence(), chunk);
            done.add(batch.lines().size());
            work.add(weight);
        }
    }

    private BadLine decide(PopulationLine line, Chunk chunk) {
        CustomerContext context;
        try {
            context = ContextJson.parse(line.json());
        } catch (InvalidDocumentException e) {
            return new BadLine(line.location(), e.problems().stream().map(FieldProblem::toString)
                    .collect(Collectors.joining("; ")));
        } catch (RuntimeException e) {
            return new BadLine(line.location(), "unreadable: " + e.getMessage());
        }
        Decision[] decisions = new Decision[settings.channels().size()];
        try {
            for (int i = 0; i < decisions.length; i++) {
                Channel channel = settings.channels().get(i);
                decisions[i] = rules.decide(context.customerId() + "/" + channel,
                        new DecisionRequest(context, channel, settings.asOf(), settings.maxActions(),
                                models.outsideFor(rules.predictors(), context.customerId(), channel)));
                if (!decisions[i].outbound()) {
                    throw new NotOutbound(channel);
                }
            }
        } catch (NotOutbound e) {
            throw e;
        } catch (RuntimeException e) {
            return new BadLine(line.location(), "customer " + context.customerId() + ": decision failed: " + e);
        }
        int customer = chunk.customer(context.customerId());
        for (Decision decision : decisions) {
            chunk.item(customer, decision.channel());
            for (Action action : decision.actions()) {
                chunk.candidate(action.type(), action.key(), action.priority());
            }
        }
        return null;
    }

    /** What one batch of customers produced, in primitive arrays. */
    private static final class Chunk {
        final List<String> customerIds = new ArrayList<>(BATCH);
        final List<BadLine> bad = new ArrayList<>(0);
        int items;
        int[] itemCustomer = new int[BATCH * 2];
        byte[] itemChannel = new byte[BATCH * 2];
        int[] itemCandidates = new int[BATCH * 2];
        int candidates;
        byte[] type = new byte[BATCH * 2];
        String[] key = new String[BATCH * 2];
        double[] priority = new double[BATCH * 2];

        int customer(String id) {
            customerIds.add(id);
            return customerIds.size() - 1;
        }

        void item(int customer, Channel channel) {
            if (items == itemCustomer.length) {
                itemCustomer = Arrays.copyOf(itemCustomer, items * 2);
                itemChannel = Arrays.copyOf(itemChannel, items * 2);
                itemCandidates = Arrays.copyOf(itemCandidates, items * 2);
            }
            itemCustomer[items] = customer;
            itemChannel[items] = (byte) channel.ordinal();
            itemCandidates[items++] = 0;
        }

        void candidate(ActionType actionType, String actionKey, double actionPriority) {
            if (candidates == type.length) {
                type = Arrays.copyOf(type, candidates * 2);
                key = Arrays.copyOf(key, candidates * 2);
                priority = Arrays.copyOf(priority, candidates * 2);
            }
            type[candidates] = (byte) actionType.ordinal();
            key[candidates] = actionKey;
            priority[candidates++] = actionPriority;
            itemCandidates[items - 1]++;
        }
    }

    /** The chunks in population order, as one allocation problem; then the allocation. */
    private Result assemble(ConcurrentHashMap<Long, Chunk> chunks, long count, long started) {
        int m = constraints.size();
        long[] scale = new long[m];
        long[] units = new long[m];
        long[] capacity = new long[m];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            VolumeConstraint constraint = constraints.get(c);
            names.add(constraint.name());
            int digits = Math.max(0, Math.max(constraint.units().stripTrailingZeros().scale(),
                    constraint.capacity().stripTrailingZeros().scale()));
            scale[c] = digits;
            units[c] = constraint.units().movePointRight(digits).longValueExact();
            BigDecimal left = constraint.capacity().subtract(usedBefore.getOrDefault(constraint.name(), BigDecimal.ZERO))
                    .max(BigDecimal.ZERO);
            capacity[c] = left.movePointRight(digits).setScale(0, RoundingMode.FLOOR).longValueExact();
        }
        int customers = 0;
        int items = 0;
        int candidates = 0;
        List<BadLine> bad = new ArrayList<>();
        long badCount = 0;
        for (long s = 0; s < count; s++) {
            Chunk chunk = chunks.get(s);
            customers += chunk.customerIds.size();
            items += chunk.items;
            candidates += chunk.candidates;
            badCount += chunk.bad.size();
            if (bad.size() < 100) {
                bad.addAll(chunk.bad.subList(0, Math.min(chunk.bad.size(), 100 - bad.size())));
            }
        }
        String[] customerIds = new String[customers];
        int[] itemCustomer = new int[items];
        byte[] itemChannel = new byte[items];
        byte[] candType = new byte[candidates];
        String[] candKey = new String[candidates];
        AllocationProblem.Builder builder = AllocationProblem.builder(names, capacity, settings.perChannel());
        int customerBase = 0;
        int item = 0;
        int candidate = 0;
        for (long s = 0; s < count; s++) {
            Chunk chunk = chunks.remove(s);
            for (int k = 0; k < chunk.customerIds.size(); k++) {
                customerIds[customerBase + k] = chunk.customerIds.get(k);
            }
            int local = 0;
            for (int i = 0; i < chunk.items; i++) {
                builder.addItem();
                itemCustomer[item] = customerBase + chunk.itemCustomer[i];
                itemChannel[item] = chunk.itemChannel[i];
                Channel channel = CHANNELS[chunk.itemChannel[i]];
                for (int n = 0; n < chunk.itemCandidates[i]; n++, local++) {
                    builder.addCandidate(chunk.priority[local]);
                    ActionType type = TYPES[chunk.type[local]];
                    String key = chunk.key[local];
                    for (int c = 0; c < m; c++) {
                        if (constraints.get(c).counts(channel, type, key)) {
                            builder.counts(c, units[c]);
                        }
                    }
                    candType[candidate] = chunk.type[local];
                    candKey[candidate++] = key;
                }
                item++;
            }
            customerBase += chunk.customerIds.size();
        }
        AllocationProblem problem = builder.build();
        Allocation greedy = Allocator.greedy(problem);
        Allocation allocation = Allocator.optimise(problem);
        return new Result(this, settings, problem, allocation, greedy, customerIds, itemCustomer, itemChannel,
                candType, candKey, badCount, bad, null, seconds(started));
    }

    /**
     * The run's outcome: the allocation and what it chose from. {@code stoppedAt} is the bad record that stopped
     * the run (then nothing was allocated).
     */
    public record Result(OutboundRun run, Settings settings, AllocationProblem problem, Allocation allocation,
                         Allocation greedy, String[] customerIds, int[] itemCustomer, byte[] itemChannel,
                         byte[] candidateType, String[] candidateKey, long badLines, List<BadLine> badLineSamples,
                         BadLine stoppedAt, double elapsedSeconds) {

        public int customers() {
            return customerIds == null ? 0 : customerIds.length;
        }

        /** One chosen action, as a line of {@code --out}. */
        public record Chosen(String customerId, Channel channel, String actionId, ActionType type, String key,
                             double priority) {
        }

        public Chosen chosen(int candidate) {
            int item = problem.itemOf(candidate);
            String customerId = customerIds[itemCustomer[item]];
            ActionType type = TYPES[candidateType[candidate]];
            String key = candidateKey[candidate];
            return new Chosen(customerId, CHANNELS[itemChannel[item]],
                    io.chorus.engine.decision.ActionIds.of(customerId, type, key), type, key,
                    problem.priority(candidate));
        }

        /** Distinct customers held back by each constraint (a customer held back on two channels counts once). */
        public long customersHeldBack(int constraint) {
            BitSet seen = new BitSet(customerIds.length);
            for (int item : allocation.heldBack(constraint)) {
                seen.set(itemCustomer[item]);
            }
            return seen.cardinality();
        }

        /** Distinct customers sent at least one action. */
        public long customersReached() {
            BitSet seen = new BitSet(customerIds.length);
            for (int j : allocation.chosen()) {
                seen.set(itemCustomer[problem.itemOf(j)]);
            }
            return seen.cardinality();
        }

        /** Units of the constraint the run uses, in the constraint's own terms (a count, or money). */
        public BigDecimal usedByRun(int constraint) {
            VolumeConstraint c = run.constraints.get(constraint);
            int digits = Math.max(0, Math.max(c.units().stripTrailingZeros().scale(),
                    c.capacity().stripTrailingZeros().scale()));
            return BigDecimal.valueOf(allocation.used()[constraint], digits)
                    .setScale(Math.max(digits, c.capacity().scale()), RoundingMode.UNNECESSARY);
        }

        public BigDecimal usedBefore(int constraint) {
            return run.usedBefore.getOrDefault(run.constraints.get(constraint).name(), BigDecimal.ZERO);
        }
    }
}
