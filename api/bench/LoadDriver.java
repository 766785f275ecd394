import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load driver for the Chorus decision service; JDK only, run as a single-file program:
 *
 *   java api/bench/LoadDriver.java --url http://127.0.0.1:8099 --key KEY --mode decide --concurrency 16 --duration 30
 *   java api/bench/LoadDriver.java ... --mode decide --rate 500 --duration 30      (open loop: fixed arrival rate)
 *   java api/bench/LoadDriver.java ... --mode events --batch 100 --concurrency 4 --duration 30
 *   java api/bench/LoadDriver.java ... --mode outcomes --concurrency 8 --duration 20   (decides first, then posts
 *       ACCEPTED or DECLINED once for an action of each decision; only the outcomes are measured)
 *
 * Closed loop (no --rate) measures throughput at saturation. With --rate, requests start on a fixed schedule and
 * latency counts from the scheduled start, so a stalled server cannot hide its queueing (no coordinated omission).
 * The open loop sends on plain sockets (--connections of them, 64 by default) rather than java.net.http: on the
 * two cores it shares with the service, the JDK client took more than half a core at 500/s, which the service's
 * latency then paid for.
 * Customers are B-1 .. B-N as made by generate-customers.sql. In decide mode, -Dbench.channel=LETTER decides on one
 * channel only and -Dbench.prefix=T- names other customers (see constraints.sh).
 */
public final class LoadDriver {
    private static final String[] CHANNELS = {"STORE", "CALL_CENTER", "WEB", "APP", "SOCIAL", "EMAIL", "SMS", "LETTER"};

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>(Map.of("--mode", "decide", "--concurrency", "16", "--duration", "30",
                "--warmup", "10", "--customers", "100000", "--batch", "1", "--rate", "0", "--connections", "64"));
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
            Result result = openLoop(work, rate, duration, connections);
            result.print(batch);
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
     * counts that wait, as its latency runs from when it was due.
     */
    private static Result openLoop(Workload work, int rate, Duration duration, int connections)
            throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        int total = (int) (rate * duration.toSeconds());
        long[] latencies = new long[total + 1];
        AtomicLong errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime() + 20_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                PlainHttp connection = null;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long scheduled = started + i * interval;
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    boolean ok;
                    try {
                        if (connection == null) {
                            connection = new PlainHttp(work.target());
                        }
                        Workload.Call call = work.call();
                        int status = connection.post(call.path(), work.key(), call.body());
                        ok = status == 200 || status == 201;
                    } catch (IOException e) {
                        ok = false;
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                    latencies[i + 1] = System.nanoTime() - scheduled;
                }
                if (connection != null) {
                    connection.close();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        latencies[0] = total;
        return Result.of(List.of(latencies), errors.get(), seconds);
    }

    /** One kept-alive HTTP/1.1 connection: writes a POST, reads the answer whole (length or chunked), discards it. */
    static final class PlainHttp {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;

        PlainHttp(URI base) throws IOException {
            int port = base.getPort() > 0 ? base.getPort() : 80;
            socket = new Socket(base.getHost(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            host = base.getHost() + ":" + port;
        }

        int post(String path, String key, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP answer: " + status);
            }
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String name = header.substring(0, Math.max(0, header.indexOf(':'))).trim().toLowerCase();
                String value = header.substring(header.indexOf(':') + 1).trim().toLowerCase();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skip(length);
            }
            if (close) {
                throw new IOException("the service closed the connection");
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the answer ended early");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
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
