import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver for the Chorus decision service; JDK only, run as a single-file program:
 *
 *   java api/bench/LoadDriver.java --url http://127.0.0.1:8099 --key KEY --mode decide --concurrency 16 --duration 30
 *   java api/bench/LoadDriver.java ... --mode decide --rate 500 --duration 30      (open loop: fixed arrival rate)
 *   java api/bench/LoadDriver.java ... --mode decide --rate 500 --slow 20          (and when the requests slower than
 *       20 ms were answered, in bursts: a periodic stall beside the service shows as bursts at a steady interval)
 *   java api/bench/LoadDriver.java ... --mode events --batch 100 --concurrency 4 --duration 30
 *   java api/bench/LoadDriver.java ... --mode outcomes --concurrency 8 --duration 20   (decides first, then posts
 *       ACCEPTED or DECLINED once for an action of each decision; only the outcomes are measured)
 *
 * Closed loop (no --rate) measures throughput at saturation. With --rate, requests start on a fixed schedule and
 * latency counts from the scheduled start, so a stalled server cannot hide its queueing (no coordinated omission).
 * The open loop sends on plain non-blocking sockets (--connections of them, 64 by default), all from one thread, rather
 * than java.net.http: on the two cores it shares with the service, the JDK client took more than half a core at
 * 500/s, and a thread per connection 9-12% of one, which the service's latency then paid for; one thread takes 6%.
 * Customers are B-1 .. B-N as made by generate-customers.sql. In decide mode, -Dbench.channel=LETTER decides on one
 * channel only and -Dbench.prefix=T- names other customers (see constraints.sh).
 */
public final class LoadDriver {
    private static final String[] CHANNELS = {"STORE", "CALL_CENTER", "WEB", "APP", "SOCIAL", "EMAIL", "SMS", "LETTER"};

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--mode", "decide", "--concurrency", "16", "--duration", "30",
                "--warmup", "10", "--customers", "100000", "--batch", "1", "--rate", "0", "--connections", "64",
                "--slow", "0"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        URI base = URI.create(o.getOrDefault("--url", "http://127.0.0.1:8099"));
        String key = o.get("--key");
        String mode = o.get("--mode");
        int customers = Integer.parseInt(o.get("--customers"));
        int batch = Integer.parseInt(o.get("--batch"));
        int concurrency = Integer.parseInt(o.get("--concurrency"));
        int rate = Integer.parseInt(o.get("--rate"));
        int connections = Integer.parseInt(o.get("--connections"));
        Duration duration = Duration.ofSeconds(Long.parseLong(o.get("--duration")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(o.get("--warmup")));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI target = base.resolve(mode.equals("events") ? "/v1/events" : "/v1/decisions");
        Workload work = new Workload(client, target, key, mode, customers, batch, new ConcurrentLinkedQueue<>());
        if (mode.equals("outcomes")) {
            // Enough to answer for the whole run at the service's rate today; --prepare N for more.
            int wanted = Integer.parseInt(o.getOrDefault("--prepare", "20000"));
            System.out.printf("outcomes: deciding %,d times first, to have actions to answer%n", wanted);
            work.prepareOutcomes(wanted, concurrency);
        }

        System.out.printf("%s: %s, %s, warm-up %ds, measured %ds%n", mode, target,
                rate > 0 ? "open loop at " + rate + "/s" : "closed loop, " + concurrency + " in flight",
                warmup.toSeconds(), duration.toSeconds());
        if (rate > 0) {
            openLoop(work, rate, warmup, connections);
            OpenRun run = openLoop(work, rate, duration, connections);
            run.result().print(batch);
            long slow = Long.parseLong(o.get("--slow"));
            if (slow > 0) {
                run.printBursts(slow);
            }
        } else {
            closedLoop(work, concurrency, warmup);
            Result result = closedLoop(work, concurrency, duration);
            result.print(batch);
        }
    }

    private static Result closedLoop(Workload work, int concurrency, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            long[] latencies = new long[2_000_000];
            perThread.add(latencies);
            Thread thread = new Thread(() -> {
                int n = 0;
                // Outcomes stop when every prepared action is answered: the rate is over the time they took.
                while (System.nanoTime() < end && !work.exhausted()) {
                    long start = System.nanoTime();
                    if (!work.sendBlocking()) {
                        errors.incrementAndGet();
                    }
                    if (n < latencies.length - 1) {
                        latencies[++n] = System.nanoTime() - start;
                    }
                }
                latencies[0] = n;
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return Result.of(perThread, errors.get(), seconds);
    }

    /**
     * Requests on a fixed schedule, each sent by whichever connection is free: a request waiting for one (all busy)
     * counts that wait, as its latency runs from when it was due. One thread sends and reads on every connection
     * through a selector, as wrk does: with a thread per connection, each request woke two threads (its sender at its
     * time, then again on its answer) and the driver took 9% of a core at 500/s against wrk's 5%, CPU taken from the
     * two cores the service it measures runs on.
     */
    private static OpenRun openLoop(Workload work, int rate, Duration duration, int connections) throws IOException {
        long interval = 1_000_000_000L / rate;
        int total = (int) (rate * duration.toSeconds());
        long[] latencies = new long[total + 1];
        long errors = 0;
        InetSocketAddress address = new InetSocketAddress(work.target().getHost(),
                work.target().getPort() > 0 ? work.target().getPort() : 80);
        String host = address.getHostString() + ":" + address.getPort();
        try (Selector selector = Selector.open()) {
            ArrayDeque<Connection> idle = new ArrayDeque<>();
            for (int c = 0; c < connections; c++) {
                idle.add(new Connection(selector, address, host));
            }
            long started = System.nanoTime() + 20_000_000L;
            int next = 0;
            int done = 0;
            while (done < total) {
                long now = System.nanoTime();
                while (next < total && started + next * interval <= now && !idle.isEmpty()) {
                    Connection connection = idle.poll();
                    Workload.Call call = work.call();
                    try {
                        connection.send(next, started + next * interval, call.path(), work.key(), call.body());
                    } catch (IOException e) {
                        errors++;
                        done++;
                        latencies[next + 1] = System.nanoTime() - (started + next * interval);
                        idle.add(connection.reopen(selector, address));
                    }
                    next++;
                }
                long timeout = 1000;
                if (next < total && !idle.isEmpty()) {
                    // Never early: woken up to a millisecond late (the selector counts in milliseconds), which the
                    // latency, counted from when the request was due, includes.
                    long wait = started + next * interval - System.nanoTime();
                    if (wait <= 0) {
                        continue;
                    }
                    timeout = (wait + 999_999) / 1_000_000;
                }
                selector.select(timeout);
                for (SelectionKey ready : selector.selectedKeys()) {
                    Connection connection = (Connection) ready.attachment();
                    int status;
                    try {
                        status = connection.read();
                    } catch (IOException e) {
                        status = -1;
                    }
                    if (status == 0) {
                        continue;
                    }
                    latencies[connection.request + 1] = System.nanoTime() - connection.due;
                    done++;
                    if (status == 200 || status == 201) {
                        idle.add(connection);
                    } else {
                        errors++;
                        idle.add(status < 0 ? connection.reopen(selector, address) : connection);
                    }
                }
                selector.selectedKeys().clear();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            idle.forEach(Connection::close);
            long startedMillis = System.currentTimeMillis() - (System.nanoTime() - started) / 1_000_000;
            long[] byRequest = Arrays.copyOfRange(latencies, 1, latencies.length);
            latencies[0] = total;
            return new OpenRun(Result.of(List.of(latencies), errors, seconds), byRequest, interval, startedMillis);
        }
    }

    /** An open loop's result, with each request's latency in the order they were due, {@code interval} apart. */
    record OpenRun(Result result, long[] latencies, long interval, long startedMillis) {
        /**
         * The requests slower than {@code slowMillis} (--slow), grouped into bursts of answers less than 60 ms
         * apart: a stall that holds every request in flight shows as one burst, and bursts at a steady interval point
         * at something periodic beside the service (docs/performance.md, "The tail at 500/s: the kernel's memory
         * monitor").
         */
        void printBursts(long slowMillis) {
            List<long[]> slow = new ArrayList<>(); // when answered (ns after the start), latency (ns)
            for (int i = 0; i < latencies.length; i++) {
                if (latencies[i] > slowMillis * 1_000_000) {
                    slow.add(new long[]{i * interval + latencies[i], latencies[i]});
                }
            }
            slow.sort(java.util.Comparator.comparingLong(r -> r[0]));
            List<long[]> bursts = new ArrayList<>(); // first answer (ns after the start), requests, slowest (ns)
            long last = Long.MIN_VALUE;
            for (long[] request : slow) {
                if (bursts.isEmpty() || request[0] - last > 60_000_000L) {
                    bursts.add(new long[]{request[0], 0, 0});
                }
                long[] burst = bursts.get(bursts.size() - 1);
                burst[1]++;
                burst[2] = Math.max(burst[2], request[1]);
                last = request[0];
            }
            long[] gaps = new long[Math.max(0, bursts.size() - 1)];
            for (int b = 1; b < bursts.size(); b++) {
                gaps[b - 1] = bursts.get(b)[0] - bursts.get(b - 1)[0];
            }
            Arrays.sort(gaps);
            String period = gaps.length == 0 ? ""
                    : String.format("; median gap between bursts %.0f ms", gaps[gaps.length / 2] / 1e6);
            System.out.printf("slower than %d ms: %d requests in %d bursts%s%n", slowMillis, slow.size(),
                    bursts.size(), period);
            java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                    .withZone(java.time.ZoneOffset.UTC);
            for (long[] burst : bursts.subList(0, Math.min(bursts.size(), 100))) {
                System.out.printf("  %s UTC  %d requests, slowest %.1f ms%n",
                        time.format(java.time.Instant.ofEpochMilli(startedMillis + burst[0] / 1_000_000)), burst[1],
                        burst[2] / 1e6);
            }
        }
    }

    /**
     * One kept-alive HTTP/1.1 connection in non-blocking mode: writes a POST, reads its answer as it arrives (by
     * length or chunked) and discards it, keeping only the status.
     */
    static final class Connection {
        private final SocketChannel channel;
        private final String host;
        private final ByteBuffer in = ByteBuffer.allocateDirect(65536);
        private final StringBuilder line = new StringBuilder();
        private int request;
        private long due;
        private Part part = Part.STATUS;
        private int status;
        private long length;
        private boolean chunked;
        private boolean closing;
        private long left;

        private enum Part { STATUS, HEADERS, BODY, CHUNK_SIZE, CHUNK, TRAILERS }

        Connection(Selector selector, InetSocketAddress address, String host) throws IOException {
            this.host = host;
            channel = SocketChannel.open(address);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
        }

        Connection reopen(Selector selector, InetSocketAddress address) throws IOException {
            close();
            return new Connection(selector, address, host);
        }

        /** Writes the whole request: a few hundred bytes, which a socket's empty send buffer always takes. */
        void send(int request, long due, String path, String key, String body) throws IOException {
            this.request = request;
            this.due = due;
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(head.length + content.length).put(head).put(content).flip();
            for (int spins = 0; out.hasRemaining(); spins++) {
                if (channel.write(out) == 0 && spins > 1000) {
                    throw new IOException("the service takes no request");
                }
            }
        }

        /** The answer's status once it has been read whole, 0 while more is to come, -1 if the connection closed. */
        int read() throws IOException {
            int finished = 0;
            while (finished == 0) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
                in.flip();
                finished = take(in);
            }
            if (in.hasRemaining()) {
                throw new IOException("bytes after the answer, none asked for");
            }
            return closing ? -1 : finished;
        }

        private int take(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                if (part == Part.BODY || part == Part.CHUNK) {
                    int skipped = (int) Math.min(left, bytes.remaining());
                    bytes.position(bytes.position() + skipped);
                    left -= skipped;
                    if (left > 0) {
                        continue;
                    }
                    if (part == Part.BODY) {
                        return answered();
                    }
                    part = Part.CHUNK_SIZE;
                    continue;
                }
                char c = (char) bytes.get();
                if (c == '\r') {
                    continue;
                }
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                switch (part) {
                    case STATUS -> {
                        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                            throw new IOException("not an HTTP answer: " + text);
                        }
                        status = Integer.parseInt(text.substring(9, 12));
                        length = 0;
                        chunked = false;
                        part = Part.HEADERS;
                    }
                    case HEADERS -> {
                        if (!text.isEmpty()) {
                            header(text);
                        } else if (chunked) {
                            part = Part.CHUNK_SIZE;
                        } else if (length > 0) {
                            part = Part.BODY;
                            left = length;
                        } else {
                            return answered();
                        }
                    }
                    case CHUNK_SIZE -> {
                        long size = Long.parseLong(text.split(";")[0].trim(), 16);
                        // The chunk and the line end after it.
                        part = size == 0 ? Part.TRAILERS : Part.CHUNK;
                        left = size + 2;
                    }
                    case TRAILERS -> {
                        if (text.isEmpty()) {
                            return answered();
                        }
                    }
                    default -> throw new IllegalStateException(part.name());
                }
            }
            return 0;
        }

        private void header(String text) {
            int colon = text.indexOf(':');
            String name = text.substring(0, Math.max(0, colon)).trim().toLowerCase();
            String value = text.substring(colon + 1).trim().toLowerCase();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closing = value.contains("close");
                default -> { }
            }
        }

        private int answered() {
            part = Part.STATUS;
            return status;
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    record Result(long count, long errors, double seconds, long[] sorted) {
        static Result of(List<long[]> perThread, long errors, double seconds) {
            int count = 0;
            for (long[] l : perThread) {
                count += (int) l[0];
            }
            long[] all = new long[count];
            int at = 0;
            for (long[] l : perThread) {
                System.arraycopy(l, 1, all, at, (int) l[0]);
                at += (int) l[0];
            }
            Arrays.sort(all);
            return new Result(count, errors, seconds, all);
        }

        double ms(double q) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
        }

        void print(int batch) {
            System.out.printf("requests %d in %.1fs = %.0f/s (%s/s), errors %d%n", count, seconds, count / seconds,
                    batch > 1 ? String.format("%.0f events", count * batch / seconds) : String.format("%.0f", count / seconds),
                    errors);
            System.out.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    ms(0.50), ms(0.90), ms(0.99), ms(0.999), ms(1.0));
        }
    }

    /** One request of the chosen kind for a random customer. */
    record Workload(HttpClient client, URI target, String key, String mode, int customers, int batch,
                    ConcurrentLinkedQueue<String[]> answerable) {
        private static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([^\"]+)\"");
        private static final Pattern ACTION_ID = Pattern.compile("\"actionId\":\"([^\"]+)\"");

        /** Decides {@code count} times on inbound channels and keeps a (decision, action) pair of each to answer. */
        void prepareOutcomes(int count, int concurrency) throws InterruptedException {
            AtomicLong left = new AtomicLong(count);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                Thread thread = new Thread(() -> {
                    while (left.decrementAndGet() >= 0) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        String body = "{\"customer\":{\"id\":\"B-" + (1 + random.nextInt(customers))
                                + "\"},\"channel\":\"" + CHANNELS[random.nextInt(4)] + "\",\"asOf\":\"2026-05-20T10:00:00Z\"}";
                        try {
                            String answer = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString()).body();
                            Matcher decision = DECISION_ID.matcher(answer);
                            Matcher action = ACTION_ID.matcher(answer);
                            if (decision.find() && action.find()) {
                                answerable.add(new String[]{decision.group(1), action.group(1)});
                            }
                        } catch (Exception e) {
                            // counted as missing: fewer outcomes to post
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join();
            }
            System.out.printf("outcomes: %,d actions to answer%n", answerable.size());
        }

        /** True once every prepared action has its outcome (outcomes mode): nothing more to send. */
        boolean exhausted() {
            return mode.equals("outcomes") && answerable.isEmpty();
        }

        /** The next request's path and body. */
        record Call(String path, String body) {
        }

        Call call() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String body;
            if (mode.equals("outcomes")) {
                String[] next = answerable.poll();
                if (next == null) {
                    throw new IllegalStateException("every prepared decision has its outcome; decide more first");
                }
                return new Call("/v1/decisions/" + next[0] + "/outcomes", "{\"actionId\":\"" + next[1]
                        + "\",\"outcome\":\"" + (random.nextInt(3) == 0 ? "ACCEPTED" : "DECLINED") + "\"}");
            }
            if (mode.equals("events")) {
                StringBuilder events = new StringBuilder("[");
                for (int i = 0; i < batch; i++) {
                    events.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(UUID.randomUUID())
                            .append("\",\"customer\":{\"id\":\"B-").append(1 + random.nextInt(customers))
                            .append("\"},\"type\":\"INTERACTION\",\"at\":\"2026-05-19T09:00:00Z\",\"channel\":\"")
                            .append(CHANNELS[random.nextInt(4)]).append("\",\"topic\":\"BILLING\",\"note\":\"load test\"}");
                }
                body = events.append(']').toString();
            } else {
                String channel = System.getProperty("bench.channel", "");
                body = "{\"customer\":{\"id\":\"" + System.getProperty("bench.prefix", "B-")
                        + (1 + random.nextInt(customers)) + "\"},\"channel\":\""
                        + (channel.isEmpty() ? CHANNELS[random.nextInt(CHANNELS.length)] : channel) + "\""
                        // -Dbench.asOf=now decides now, as channels do (no asOf): customers moved to today.
                        + (System.getProperty("bench.asOf", "").equals("now") ? "" : ",\"asOf\":\"2026-05-20T10:00:00Z\"")
                        // -Dbench.preview=true: decided and answered, nothing recorded or counted (a warm-up).
                        + (Boolean.getBoolean("bench.preview") ? ",\"preview\":true" : "")
                        + "}";
            }
            return new Call(target.getPath(), body);
        }

        HttpRequest request() {
            Call call = call();
            return HttpRequest.newBuilder(target.resolve(call.path())).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call.body())).build();
        }

        boolean sendBlocking() {
            try {
                int status = client.send(request(), HttpResponse.BodyHandlers.discarding()).statusCode();
                return status == 200 || status == 201;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
