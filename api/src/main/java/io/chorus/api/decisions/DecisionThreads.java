package io.chorus.api.decisions;

import io.chorus.api.operations.Counts;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads POST /v1/decisions runs on: a fixed few ({@code chorus.decisions.threads}, by default one per core
 * and one more), taking requests in the order they came. A decision is mostly CPU (the rules, its JSON) with one
 * short wait on the database for the customer's context, which the extra thread covers. On the server's I/O pool
 * every request in flight had a thread of its own: a burst of arrivals made as many runnable threads, each given a
 * slice of the cores in turn, so all of them finished late, and every extra switch between threads cost the machine
 * CPU. Here a burst waits in line and the decisions at its head finish at full speed. On two cores, two and three
 * threads held the p99 at 500 decisions/s under 20 ms where four did not, and three recorded the most at saturation
 * (docs/performance.md, "A few threads for decisions"). What may wait is bounded by the in-flight limit
 * ({@code chorus.server.max-in-flight}).
 */
@Factory
public class DecisionThreads {
    /** The executor's name, for {@code @ExecuteOn}. */
    public static final String NAME = "decisions";

    // Made at start (@Context), so a bad setting stops the service instead of failing the first decision.
    @Context
    @Named(NAME)
    @Bean(preDestroy = "shutdown")
    ExecutorService decisions(@Value("${chorus.decisions.threads:0}") String threads) {
        int count = count(threads, Runtime.getRuntime().availableProcessors());
        AtomicInteger made = new AtomicInteger();
        ThreadFactory named = work -> {
            Thread thread = new Thread(work, "chorus-decide-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(count, named);
    }

    /** The setting read, 0 meaning one per core and one more; a bad one stops the service at start, naming it. */
    static int count(String setting, int cores) {
        int threads = Counts.zeroOrMore(setting, "chorus.decisions.threads (CHORUS_DECISION_THREADS)", "threads",
                "one per core and one more", 4);
        return threads == 0 ? cores + 1 : threads;
    }
}
