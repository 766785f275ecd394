package io.chorus.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sends mutated requests to every endpoint of a running service and counts the answers: valid requests bent one
 * way or a few (a field replaced by a value no one should send, removed, duplicated; the body cut, doubled or
 * garbled; the path id, the query, the method, the content type, the key changed). Every answer must be a
 * deliberate one: anything 5xx, or no answer at all, is a failure, kept with what was sent so it can be replayed.
 * The same seed sends the same requests.
 */
public final class Fuzzer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Writes what it is given, 1e999999999 included (the contract mapper writes decimals in full). */
    private static final ObjectMapper WRITER = new ObjectMapper();
    /** An answer slower than this is reported (not failed): the machine is shared, timings are not exact. */
    static final long SLOW_MILLIS = 5_000;
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"};

    private final RawHttp http;
    private final Random random;
    private final Map<String, String> keys;
    private final List<Seed> seeds = new ArrayList<>();

    /** One valid request to start from; {@code {name}} in the path is a variable the fuzzer may bend. */
    public record Seed(String name, String method, String path, Map<String, String> variables, String query,
                       String role, JsonNode body, int weight) {
    }

    /** What a run saw: counts by status and by endpoint, and every failure with its request. */
    /**
     * {@code byOperation}: for requests sent with the seed's method and path (its variables unbent), the statuses
     * seen, by {@code METHOD /path/{template}}: what the OpenAPI document must declare.
     */
    public record Report(int requests, Map<Integer, Integer> statuses, Map<String, Map<Integer, Integer>> byEndpoint,
                         List<String> failures, List<String> notProblemJson, List<String> slow,
                         Map<String, java.util.Set<Integer>> byOperation) {
        public String summary() {
            StringBuilder text = new StringBuilder(String.format("%,d requests; statuses %s%n", requests, statuses));
            byEndpoint.forEach((name, counts) -> text.append(String.format("  %-28s %s%n", name, counts)));
            text.append(failures.size()).append(" failure(s)");
            failures.stream().limit(20).forEach(f -> text.append("\n  ").append(f));
            if (!slow.isEmpty()) {
                text.append("\n").append(slow.size()).append(" answer(s) slower than ").append(SLOW_MILLIS).append(" ms");
                slow.stream().limit(10).forEach(f -> text.append("\n  ").append(f));
            }
            if (!notProblemJson.isEmpty()) {
                text.append("\n").append(notProblemJson.size()).append(" error answer(s) not problem+json");
                notProblemJson.stream().limit(10).forEach(f -> text.append("\n  ").append(f));
            }
            return text.toString();
        }
    }

    /** @param keys API keys by role: CHANNEL, RECORDER, ANALYST, ADMIN */
    public Fuzzer(String host, int port, long seed, Map<String, String> keys) {
        this.http = new RawHttp(host, port, 30_000);
        this.random = new Random(seed);
        this.keys = Map.copyOf(keys);
    }

    public Fuzzer seed(Seed seed) {
        seeds.add(seed);
        return this;
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Report run(int requests) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<String> notProblemJson = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        Map<String, java.util.Set<Integer>> byOperation = new TreeMap<>();
        int totalWeight = seeds.stream().mapToInt(Seed::weight).sum();
        for (int i = 0; i < requests; i++) {
            Seed seed = pick(totalWeight);
            Request request = mutate(seed);
            long started = System.nanoTime();
            RawHttp.Answer answer = http.send(request.method, request.target, request.headers, request.body);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > SLOW_MILLIS) {
                slow.add("#" + i + " " + millis + " ms " + answer.status() + " <- " + request);
            }
            statuses.merge(answer.status(), 1, Integer::sum);
            byEndpoint.computeIfAbsent(seed.name(), n -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
            if (request.method.equals(seed.method()) && request.mutations.stream().noneMatch(m -> m.startsWith("path"))) {
                byOperation.computeIfAbsent(seed.method() + " " + seed.path(), n -> new java.util.TreeSet<>())
                        .add(answer.status());
            }
            if (answer.status() == 0 || answer.status() >= 500) {
                failures.add("#" + i + " " + answer.status() + " " + (answer.failure() != null ? answer.failure()
                        : abbreviate(answer.text(), 300)) + " <- " + request);
            } else if (answer.status() >= 400 && !request.method.equals("HEAD")
                    && !answer.contentType().startsWith("application/problem+json")) {
                notProblemJson.add("#" + i + " " + answer.status() + " " + answer.contentType() + " <- " + request);
            }
        }
        return new Report(requests, statuses, byEndpoint, failures, notProblemJson, slow, byOperation);
    }

    private Seed pick(int totalWeight) {
        int at = random.nextInt(totalWeight);
        for (Seed seed : seeds) {
            at -= seed.weight();
            if (at < 0) {
                return seed;
            }
        }
        return seeds.get(seeds.size() - 1);
    }

    private static final class Request {
        String method;
        String target;
        List<String[]> headers = new ArrayList<>();
        byte[] body;
        final List<String> mutations = new ArrayList<>();

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(target, 200));
            for (String[] h : headers) {
                text.append(" [").append(h[0]).append(": ").append(abbreviate(h[1], 60)).append(']');
            }
            if (body != null) {
                text.append(" body(").append(body.length).append("): ")
                        .append(abbreviate(new String(body, StandardCharsets.UTF_8), 400));
            }
            return text.append(" mutations ").append(mutations).toString();
        }
    }

    private Request mutate(Seed seed) {
        Request request = new Request();
        request.method = seed.method();
        Map<String, String> variables = new LinkedHashMap<>(seed.variables());
        String query = seed.query();
        JsonNode body = seed.body() == null ? null : fresh(seed.body().deepCopy());
        String role = seed.role();
        String contentType = body == null ? null : "application/json";
        String accept = null;
        String encoding = null;
        Function<byte[], byte[]> text = Function.identity();
        int rounds = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int dice = random.nextInt(100);
            if (body != null && dice < 55) {
                body = mutateTree(body, request.mutations);
            } else if (body != null && dice < 68) {
                Function<byte[], byte[]> before = text;
                Function<byte[], byte[]> garble = garble(request.mutations);
                text = before.andThen(garble);
            } else if (!variables.isEmpty() && dice < 78) {
                String name = List.copyOf(variables.keySet()).get(random.nextInt(variables.size()));
                String value = pathValue(variables.get(name));
                variables.put(name, value);
                request.mutations.add("path " + name);
            } else if (query != null && dice < 83) {
                query = queryValue(query);
                request.mutations.add("query");
            } else if (dice < 88) {
                contentType = pick("text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/json;;",
                        "*/*", "", "application/problem+json", "application/json; charset=latin1");
                request.mutations.add("content-type " + contentType);
            } else if (dice < 92) {
                accept = pick("application/xml", "text/html", "application/problem+json", "*/*", "text/plain",
                        "application/json;q=0", "image/png, */*;q=0.1");
                encoding = pick("gzip", "*", "br", "snappy", "deflate", "identity;q=0", "gzip;q=0, *;q=1", null);
                request.mutations.add("accept " + accept + " / " + encoding);
            } else if (dice < 96) {
                role = pick("NONE", "WRONG", "CHANNEL", "RECORDER", "ANALYST", "ADMIN");
                request.mutations.add("key " + role);
            } else {
                request.method = METHODS[random.nextInt(METHODS.length)];
                request.mutations.add("method " + request.method);
            }
        }
        String path = seed.path();
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", variable.getValue());
        }
        request.target = path + (query == null ? "" : "?" + query);
        if (role != null && !role.equals("NONE")) {
            String key = keys.getOrDefault(role, "not-a-key-" + random.nextInt(1000));
            request.headers.add(new String[]{"Authorization", "Bearer " + key});
        }
        if (contentType != null && !contentType.isEmpty()) {
            request.headers.add(new String[]{"Content-Type", contentType});
        }
        if (accept != null) {
            request.headers.add(new String[]{"Accept", accept});
        }
        if (encoding != null) {
            request.headers.add(new String[]{"Accept-Encoding", encoding});
        }
        if (body != null) {
            try {
                request.body = text.apply(WRITER.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (request.method.equals("POST") || request.method.equals("PUT")) {
            request.body = random.nextBoolean() ? new byte[0] : null;
        }
        return request;
    }

    /** Every {@code "{fresh}"} in a seed becomes an id not sent before, so events are applied, not only repeated. */
    private JsonNode fresh(JsonNode node) {
        if (node.isTextual() && node.textValue().equals("{fresh}")) {
            return NODES.textNode("F-" + Long.toHexString(random.nextLong()));
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, fresh(object.get(name))));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fresh(array.get(i)));
            }
        }
        return node;
    }

    // --- the body as JSON -------------------------------------------------------------------------------------

    private JsonNode mutateTree(JsonNode body, List<String> log) {
        List<String> paths = new ArrayList<>();
        collect(body, "", paths);
        String target = paths.get(random.nextInt(paths.size()));
        int dice = random.nextInt(100);
        if (target.isEmpty()) {
            JsonNode replaced = dice < 50 ? wrapInArray(body) : nasty();
            log.add("root " + abbreviate(replaced.toString(), 40));
            return replaced;
        }
        JsonNode parent = at(body, parentOf(target));
        String last = lastOf(target);
        if (dice < 60) {
            JsonNode value = nasty();
            set(parent, last, value);
            log.add(target + "=" + abbreviate(value.toString(), 40));
        } else if (dice < 75) {
            remove(parent, last);
            log.add("-" + target);
        } else if (dice < 85 && parent instanceof ObjectNode object) {
            String name = pick("unknown", "customerId", "eventId", "id", "type", "at", "amount", "\u0000",
                    "x".repeat(5000), "__proto__", "constructor", "");
            JsonNode value = nasty();
            object.set(name, value);
            log.add("+" + abbreviate(name, 20) + "=" + abbreviate(value.toString(), 40));
        } else if (dice < 92 && parent instanceof ArrayNode array && !array.isEmpty()) {
            int times = array.size() > 10 ? 2 : pick(2, 50, 2000);
            JsonNode item = array.get(0);
            for (int i = 0; i < times; i++) {
                array.add(item.deepCopy());
            }
            log.add(target + " x" + times);
        } else {
            JsonNode value = at(body, target);
            set(parent, last, wrapInArray(value));
            log.add(target + " wrapped");
        }
        return body;
    }

    private static void collect(JsonNode node, String path, List<String> paths) {
        paths.add(path);
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                collect(node.get(name), path + "/" + name.replace("~", "~0").replace("/", "~1"), paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, paths);
            }
        }
    }

    private static JsonNode at(JsonNode root, String pointer) {
        return pointer.isEmpty() ? root : root.at(pointer);
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private static String lastOf(String pointer) {
        return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
    }

    private static void set(JsonNode parent, String key, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.set(key, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(key), value);
        }
    }

    private static void remove(JsonNode parent, String key) {
        if (parent instanceof ObjectNode object) {
            object.remove(key);
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(key));
        }
    }

    private JsonNode wrapInArray(JsonNode value) {
        ArrayNode array = NODES.arrayNode();
        array.add(value);
        if (random.nextBoolean()) {
            array.add(value.deepCopy());
        }
        return array;
    }

    /** Values nobody should send, and a few everybody does. */
    private JsonNode nasty() {
        return switch (random.nextInt(7)) {
            case 0, 1 -> NODES.textNode(nastyText());
            case 2 -> NODES.textNode(nastyTime());
            case 3 -> nastyNumber();
            case 4 -> pick(NODES.nullNode(), NODES.booleanNode(true), NODES.booleanNode(false), NODES.arrayNode(),
                    NODES.objectNode(), nested(random.nextInt(3) == 0 ? 900 : 40));
            case 5 -> NODES.textNode(pick("WEB", "web", "CALL_CENTER ", "LETTER", "PIGEON", "SOCIAL", "ACCEPTED",
                    "CHARGE_BILLED", "LINE_REMOVED", "CONSENT_CHANGED", "MSISDN", "EMAIL", "BUSINESS", "REMOVED",
                    "BILLED", "CREDIT", "DATA_ONLY", "RECURRING", "OPEN", "PAID_PREMIUM", "STORE_CARD"));
            default -> {
                ObjectNode object = NODES.objectNode();
                object.put("id", pick("C-1001", "C-404", nastyText()));
                if (random.nextBoolean()) {
                    ObjectNode identifier = object.putObject("identifier");
                    identifier.put("type", pick("MSISDN", "EMAIL", "SOCIAL", "ACCOUNT", "FAX"));
                    identifier.put("value", pick("07700 900001", "@samrivers", "SAM@EXAMPLE.COM", nastyText()));
                }
                yield object;
            }
        };
    }

    private String nastyText() {
        return pick("", " ", "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\n\r\t", "line\nINFO forged log line",
                "x".repeat(129), "x".repeat(2_800), "y".repeat(4_097), "z".repeat(70_000), "%00", "../../etc/passwd",
                "'; drop table customer_context; --", "${jndi:ldap://example.invalid/a}", "<script>alert(1)</script>",
                "\uD83D\uDE00 emoji", "\u202Eevil", "null", "NaN", "Infinity", "-0", "1e308", "C-1001", "BA-77",
                "S-4", "CH-9", "K-1", "MUSIC_PREMIUM_BUNDLE", "\u001b[31mred", "\\", "\"", "{}", "[]",
                "+447700900001", "sam@example.com", "@samrivers", "\uFEFFbom");
    }

    private String nastyTime() {
        return pick("+300000-01-01T00:00:00Z", "-001000-01-01T00:00:00Z", "1899-12-31T23:59:59Z",
                "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "2026-05-20T10:00:00Z", "2026-05-20T10:00:00",
                "2026-13-45T25:61:61Z", "2026-05-20", "2026-05", "0000-01-01", "1900-01-01T00:00:00+14:00",
                "2026-05-20T10:00:00.123456789+05:30", "20260520T100000Z", "+999999999-12-31T23:59:59Z",
                "2026-02-30", "1970-01-01T00:00:00Z", "9999-12-31", "+10000-01", "2026-04");
    }

    private JsonNode nastyNumber() {
        return pick(NODES.numberNode(0), NODES.numberNode(-1), NODES.numberNode(2_147_483_648L),
                NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(new BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new BigDecimal("1e308")), NODES.numberNode(new BigDecimal("-1e308")),
                NODES.numberNode(new BigDecimal("1e-400")), NODES.numberNode(new BigDecimal("1e400")),
                NODES.numberNode(new BigDecimal("12.505")), NODES.numberNode(new BigDecimal("-500.00")),
                NODES.numberNode(new BigDecimal("1e999999999")), NODES.numberNode(-0.0),
                NODES.numberNode(new BigDecimal("0.001")), NODES.numberNode(1779271200L), NODES.numberNode(11),
                NODES.numberNode(51), NODES.numberNode(new BigDecimal("12.50")), NODES.numberNode(9.99));
    }

    private JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
        }
        return node;
    }

    // --- the body as bytes ------------------------------------------------------------------------------------

    private Function<byte[], byte[]> garble(List<String> log) {
        int dice = random.nextInt(9);
        long salt = random.nextLong();
        return switch (dice) {
            case 0 -> {
                log.add("truncated");
                yield b -> java.util.Arrays.copyOf(b, b.length == 0 ? 0 : (int) Math.floorMod(salt, b.length));
            }
            case 1 -> {
                log.add("doubled");
                yield b -> concat(b, b);
            }
            case 2 -> {
                String tail = pick(" x", "}", "{}", "[]", " null", "\u0000", ",", " // comment", "\n{\"a\":1}");
                log.add("trailing " + abbreviate(tail, 10));
                yield b -> concat(b, tail.getBytes(StandardCharsets.UTF_8));
            }
            case 3 -> {
                log.add("duplicate key");
                yield b -> {
                    String s = new String(b, StandardCharsets.UTF_8);
                    int brace = s.indexOf('{');
                    int colon = s.indexOf(':', brace);
                    int comma = s.indexOf(',', colon);
                    if (brace < 0 || colon < 0 || comma < 0) {
                        return b;
                    }
                    String firstPair = s.substring(brace + 1, comma);
                    return (s.substring(0, brace + 1) + firstPair + "," + s.substring(brace + 1))
                            .getBytes(StandardCharsets.UTF_8);
                };
            }
            case 4 -> {
                log.add("invalid UTF-8");
                yield b -> {
                    byte[] copy = b.clone();
                    if (copy.length > 0) {
                        copy[(int) Math.floorMod(salt, copy.length)] = (byte) 0xC3;
                    }
                    return concat(copy, new byte[]{(byte) 0xFF, (byte) 0xFE});
                };
            }
            case 5 -> {
                log.add("BOM");
                yield b -> concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, b);
            }
            case 6 -> {
                log.add("byte flipped");
                yield b -> {
                    byte[] copy = b.clone();
                    if (copy.length > 0) {
                        int i = (int) Math.floorMod(salt, copy.length);
                        copy[i] = (byte) (copy[i] ^ (1 << Math.floorMod(salt >> 8, 7)));
                    }
                    return copy;
                };
            }
            case 7 -> {
                log.add("raw NUL");
                yield b -> {
                    String s = new String(b, StandardCharsets.UTF_8);
                    int quote = s.indexOf('"', s.indexOf(':') + 1);
                    return quote < 0 ? b : (s.substring(0, quote + 1) + "\\u0000" + s.substring(quote + 1))
                            .getBytes(StandardCharsets.UTF_8);
                };
            }
            default -> {
                log.add("over the size limit");
                yield b -> concat(b, " ".repeat(1_100_000).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    // --- the path and the query -------------------------------------------------------------------------------

    private String pathValue(String valid) {
        return pick(valid + "%00", "%00", valid + "%0A%0DINFO%20forged", "C-" + "9".repeat(2_800),
                "x".repeat(129), valid + "%2F..%2F..", "%ZZ", "%C0%AF", "%F0%9F%98%80", "..", "%20", valid + "%20",
                "%E2%80%AE", valid + "?x=1", valid + ";jsessionid=1", "%25", "C-404", valid.toLowerCase(), "%ED%A0%80",
                URLEncoder.encode("'; drop table decision; --", StandardCharsets.UTF_8), "~", "%FF");
    }

    private String queryValue(String valid) {
        return pick(valid + "%00", "identifier=", "identifier", "identifier=EMAIL", "identifier=FAX:1",
                "identifier=MSISDN:07700%20900001", "identifier=MSISDN:+447700900001", "identifier=SOCIAL:samrivers",
                valid + "&" + valid, "identifier=EMAIL:" + "s".repeat(5_000), "identifier=%ZZ",
                "identifier=EMAIL:%ED%A0%80", "identifier=EMAIL:%C0%AF", "limit=-1", "limit=99999999999",
                "identifier=MSISDN:" + "9".repeat(129), "=", "&&&", "identifier=%0A", valid);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String abbreviate(String text, int most) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
        return oneLine.length() <= most ? oneLine : oneLine.substring(0, most) + "…(" + oneLine.length() + ")";
    }
}
