package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.engine.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code chorus rules deploy}: sends a rule folder to a running service, which stores it as a version once it
 * compiles and its scenarios pass, and activates it unless asked not to. Deploying rules is an ADMIN act.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a rule folder to a service as a new version (it must compile and pass its scenarios).")
final class RulesDeployCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Rule directory; default the build's rules/ folder.")
    Path dir;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The service, e.g. http://localhost:8080")
    URI url;

    @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:CHORUS_API_KEY}",
            description = "An ADMIN API key (default: the CHORUS_API_KEY environment variable).")
    String key;

    @Option(names = "--no-activate", description = "Store the version without serving it.")
    boolean noActivate;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (key == null || key.isBlank()) {
            throw new UserError("an ADMIN key is needed: --key KEY or CHORUS_API_KEY");
        }
        Path rules = RulesDirectory.orDefault(dir);
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode files = body.putObject("files");
        try (Stream<Path> walk = Files.walk(rules)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(rules.relativize(file).toString().replace('\\', '/'), text(file));
            }
        }
        body.put("activate", !noActivate);
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/v1/rule-sets"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))).build();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UserError(url + ": cannot reach the service (" + e.getMessage() + ")");
        }
        JsonNode answer = response.body().isBlank() ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(response.body());
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            out.println((response.statusCode() == 201 ? "deployed " : "already stored: ") + answer.path("version").asText()
                    + " (" + answer.path("status").asText() + "), " + answer.at("/scenarios/passed").asLong()
                    + " scenarios passed");
            return ExitCodes.OK;
        }
        if (response.statusCode() == 422) {
            for (String list : List.of("errors", "failedScenarios")) {
                for (JsonNode e : answer.path(list)) {
                    err.println(rules.resolve(e.path("file").asText()) + ":" + Math.max(1, e.path("line").asInt())
                            + ": " + e.path("message").asText());
                }
            }
            err.println("refused: " + answer.path("detail").asText());
            return ExitCodes.FAILURE;
        }
        err.println(url + ": " + response.statusCode() + " " + answer.path("title").asText("")
                + (answer.has("detail") ? ": " + answer.path("detail").asText() : ""));
        return ExitCodes.FAILURE;
    }

    /** Rule-set files travel as text; a workbook has to be saved as a .drl.csv table to be deployed. */
    private static String text(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new UserError(file + ":1: not UTF-8 text; deploy decision tables as .drl.csv");
        }
    }
}
