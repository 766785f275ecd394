package io.chorus.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.Json;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * The system's headless Chromium driven over the DevTools protocol, with nothing but the JDK's WebSocket client:
 * no browser download, no driver binary, no library. Enough to load a page, type with the keyboard, click, wait
 * for what the page draws, read what it logged (CSP violations and script errors included) and take screenshots.
 */
public final class Chromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private Chromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts headless Chromium with a fresh profile under {@code dir} and attaches to its one page. */
    public static Chromium start(Path dir, int width, int height) throws Exception {
        List<String> command = List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"), "about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserUrl = devToolsUrl(process);
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        String pageUrl = null;
        for (int attempt = 0; attempt < 50 && pageUrl == null; attempt++) {
            JsonNode targets = Json.mapper().readTree(http.send(HttpRequest.newBuilder(list).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    pageUrl = target.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageUrl == null) {
                Thread.sleep(100);
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            fail("Chromium opened no page to attach to");
        }
        Receiver receiver = new Receiver();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), receiver)
                .get(10, TimeUnit.SECONDS);
        Chromium chromium = new Chromium(process, socket);
        receiver.onMessage = chromium::receive;
        chromium.send("Runtime.enable", Map.of());
        chromium.send("Log.enable", Map.of());
        chromium.send("Page.enable", Map.of());
        return chromium;
    }

    /** Opens the address and waits until the page says it is ready ({@code document.body.dataset.ready}). */
    public void open(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && document.body && document.body.dataset.ready === 'true'");
    }

    /** The value of a JavaScript expression (awaited if it is a promise). */
    public JsonNode evaluate(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            fail("The page threw on " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    public String text(String expression) throws Exception {
        return evaluate(expression).asText();
    }

    /** Waits until the expression is true, or fails saying what it waited for. */
    public void waitFor(String condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("Boolean(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        fail("Waited " + WAIT.toSeconds() + " s for " + condition + "; the page logged " + problems
                + " and shows: " + text("document.body.innerText"));
    }

    /** Moves the focus as a keyboard user would, with Tab. */
    public void tab() throws Exception {
        key("Tab", "Tab", 9, null);
    }

    public void enter() throws Exception {
        key("Enter", "Enter", 13, "\r");
    }

    /** Types into whatever has the focus, as the keyboard would. */
    public void type(String text) throws Exception {
        send("Input.insertText", Map.of("text", text));
    }

    /** Focuses the element a CSS selector finds. */
    public void focus(String selector) throws Exception {
        evaluate("document.querySelector(" + Json.mapper().writeValueAsString(selector) + ").focus()");
    }

    /** Clicks in the middle of the element, with the mouse, as a person would. */
    public void click(String selector) throws Exception {
        JsonNode box = evaluate("(() => { const e = document.querySelector(" + Json.mapper().writeValueAsString(selector)
                + "); e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(),
                    "y", box.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
    }

    /** A PNG of the whole page, not only what fits the window. */
    public void screenshot(Path file) throws Exception {
        JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        write(file, send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                        "height", size.path("height").asDouble(), "scale", 1))));
    }

    /** A PNG of what the window shows, scrolled to the top: the page as it first meets the eye. */
    public void screenshotOfWindow(Path file) throws Exception {
        evaluate("window.scrollTo(0, 0)");
        write(file, send("Page.captureScreenshot", Map.of("format", "png")));
    }

    private static void write(Path file, JsonNode shot) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** What the page logged as an error, threw, or had refused by its content security policy. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    private void key(String key, String code, int keyCode, String text) throws Exception {
        ObjectNode down = Json.mapper().createObjectNode().put("type", text == null ? "rawKeyDown" : "keyDown")
                .put("key", key).put("code", code).put("windowsVirtualKeyCode", keyCode);
        if (text != null) {
            down.put("text", text);
        }
        send("Input.dispatchKeyEvent", down);
        send("Input.dispatchKeyEvent", Json.mapper().createObjectNode().put("type", "keyUp").put("key", key)
                .put("code", code).put("windowsVirtualKeyCode", keyCode));
    }

    private JsonNode send(String method, Object params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.mapper().createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        synchronized (socket) {
            socket.sendText(Json.mapper().writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            fail(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void receive(String text) {
        try {
            JsonNode message = Json.mapper().readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            if (method.equals("Runtime.exceptionThrown")) {
                problems.add("exception: " + params.path("exceptionDetails"));
            } else if (method.equals("Log.entryAdded") && params.path("entry").path("level").asText().equals("error")
                    && !params.path("entry").path("source").asText().equals("network")) {
                // A 4xx answer is logged by the network source: the page meets those on purpose (a key without a
                // role, an identifier nobody holds) and says so itself. Violations and script errors are not.
                problems.add("log: " + params.path("entry").path("text").asText()
                        + " " + params.path("entry").path("url").asText());
            } else if (method.equals("Runtime.consoleAPICalled") && params.path("type").asText().equals("error")) {
                problems.add("console.error: " + params.path("args"));
            }
        } catch (IOException e) {
            problems.add("unreadable DevTools message: " + text);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Chromium is stopped below either way.
        }
        // Chromium's renderers and helpers are its children: stop them all and wait, so none still writes to the
        // profile directory when the test removes it.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.destroyForcibly();
                handle.onExit().get(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String devToolsUrl(Process process) throws Exception {
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // The process ended; the wait below says so.
            }
            url.complete(null);
        }, "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        String found = url.get(60, TimeUnit.SECONDS);
        if (found == null) {
            process.destroyForcibly();
            fail("Chromium did not open its DevTools port; it said: " + lines);
        }
        return found;
    }

    private static String binary() {
        String configured = System.getenv("CHROMIUM_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(path, name))) {
                    return Path.of(path, name).toString();
                }
            }
        }
        return fail("This test drives headless Chromium, and none was found. Install the Debian package:"
                + " apt-get install -y chromium (or set CHROMIUM_BIN to a Chromium or Chrome binary).");
    }

    /** Collects a message's fragments and hands each whole message on. */
    private static final class Receiver implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        private volatile Consumer<String> onMessage = text -> { };

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                onMessage.accept(text);
            }
            socket.request(1);
            return null;
        }
    }

    /** For a failing assertion's message: the lines the page shows. */
    public List<String> visibleLines() throws Exception {
        List<String> lines = new ArrayList<>();
        evaluate("document.body.innerText").asText().lines().forEach(lines::add);
        return lines;
    }
}
