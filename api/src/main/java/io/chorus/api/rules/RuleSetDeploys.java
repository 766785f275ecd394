package io.chorus.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.operations.RequestBodies;
import io.chorus.api.problems.BadRequestException;
import io.chorus.api.problems.NotFoundException;
import io.chorus.api.problems.Problem;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Deploying, listing and activating rule-set versions, and the champion/challenger split (POST/GET
 * /v1/rule-sets…). Deploying rules is an ADMIN act: rule files are code the service runs.
 */
@Singleton
public class RuleSetDeploys {
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_ .\\-]*(/[A-Za-z0-9_][A-Za-z0-9_ .\\-]*)*");
    private static final int MOST_FILES = 1_000;
    private static final int LONGEST_PATH = 256;

    private final RuleSetVersions versions;
    private final RuleSetStore store;
    private final ServingRules serving;

    public RuleSetDeploys(RuleSetVersions versions, RuleSetStore store, ServingRules serving) {
        this.versions = versions;
        this.store = store;
        this.serving = serving;
    }

    public enum Status { ACTIVE, CHALLENGER, STORED }

    public record Scenarios(long passed, long failed) {
    }

    public record Deployed(String version, Status status, Scenarios scenarios, boolean created,
                           List<RuleSetView.Error> warnings) {
    }

    public record Version(String version, Instant createdAt, Status status, Instant activatedAt, Scenarios scenarios,
                          int rules, String origin) {
    }

    /** What the gate refused, for the 422: compile errors and failed scenarios, each at its file and line. */
    public static final class Refused extends RuntimeException {
        private final RuleSetVersions.Deployment deployment;

        Refused(RuleSetVersions.Deployment deployment) {
            super("the rule set does not pass the gate");
            this.deployment = deployment;
        }

        public RuleSetVersions.Deployment deployment() {
            return deployment;
        }
    }

    /** POST /v1/rule-sets. */
    public Deployed deploy(byte[] body) {
        JsonNode request = RequestBodies.objectWithFiles(body);
        Map<String, byte[]> files = files(request.get("files"));
        JsonNode activate = request.get("activate");
        if (activate != null && !activate.isBoolean()) {
            throw BadRequestException.of("activate", "must be true or false");
        }
        RuleSetVersions.Deployment deployment = versions.deploy(files, "api");
        if (!deployment.passed()) {
            throw new Refused(deployment);
        }
        if (activate == null || activate.asBoolean()) {
            activateNow(deployment.version());
        }
        return new Deployed(deployment.version(), statusOf(deployment.version()),
                new Scenarios(deployment.scenariosPassed(), deployment.scenariosFailed()), deployment.created(),
                deployment.warnings().stream().map(RuleSetView.Error::of).toList());
    }

    /** POST /v1/rule-sets/{version}/activate: serve that stored version, here at once and everywhere soon. */
    public Version activate(String version) {
        if (!store.exists(version)) {
            throw unknown(version);
        }
        activateNow(version);
        return describe(version);
    }

    public List<Version> list() {
        RuleSetStore.Serving now = store.serving();
        return store.list().stream().map(v -> view(v, now)).toList();
    }

    public Version describe(String version) {
        RuleSetStore.Serving now = store.serving();
        return store.find(version).map(v -> view(v, now)).orElseThrow(() -> unknown(version));
    }

    public record Side(String version, long decisions, Map<String, Long> actions) {
    }

    public record Challenge(String version, int percent, Instant since, Side champion, Side challenger) {
    }

    /** PUT /v1/rule-sets/challenger: {@code percent} of customers, chosen by a stable hash, decided by it. */
    public Challenge setChallenger(byte[] body) {
        JsonNode request = RequestBodies.object(body);
        JsonNode version = request.get("version");
        JsonNode percent = request.get("percent");
        List<Problem.FieldError> errors = new ArrayList<>();
        if (version == null || !version.isTextual() || version.asText().isBlank()) {
            errors.add(Problem.FieldError.of("version", "required: a stored rule-set version"));
        }
        if (percent == null || !percent.isIntegralNumber() || percent.asInt() < 1 || percent.asInt() > 100) {
            errors.add(Problem.FieldError.of("percent", "required: a whole number from 1 to 100"));
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        if (!store.exists(version.asText())) {
            throw unknown(version.asText());
        }
        if (version.asText().equals(store.serving().active())) {
            throw BadRequestException.of("version", "is the active version; a challenger must differ from it");
        }
        store.setChallenger(version.asText(), percent.asInt());
        serving.followStore();
        return challenger();
    }

    /** DELETE /v1/rule-sets/challenger: every customer back on the active version. */
    public void endChallenger() {
        if (!store.clearChallenger()) {
            throw new NotFoundException("No challenger", "No challenger is set.");
        }
        serving.followStore();
    }

    /** GET /v1/rule-sets/challenger: the split and the action mix each side has shown since it began. */
    public Challenge challenger() {
        RuleSetStore.Serving now = store.serving();
        if (now.challenger() == null) {
            throw new NotFoundException("No challenger", "No challenger is set.");
        }
        Map<String, RuleSetStore.Mix> mix = store.actionMix(now.challengerSince());
        RuleSetStore.Mix champion = mix.getOrDefault("CHAMPION", RuleSetStore.Mix.NONE);
        RuleSetStore.Mix challenger = mix.getOrDefault("CHALLENGER", RuleSetStore.Mix.NONE);
        return new Challenge(now.challenger(), now.percent(), now.challengerSince(),
                new Side(now.active(), champion.decisions(), champion.actions()),
                new Side(now.challenger(), challenger.decisions(), challenger.actions()));
    }

    private void activateNow(String version) {
        store.activate(version);
        serving.followStore();
    }

    private Status statusOf(String version) {
        return describe(version).status();
    }

    private static Version view(RuleSetStore.StoredVersion v, RuleSetStore.Serving now) {
        Status status = v.version().equals(now.active()) ? Status.ACTIVE
                : v.version().equals(now.challenger()) ? Status.CHALLENGER : Status.STORED;
        return new Version(v.version(), v.createdAt(), status, v.activatedAt(),
                new Scenarios(v.scenariosPassed(), v.scenariosFailed()), v.ruleCount(), v.origin());
    }

    static NotFoundException unknown(String version) {
        return new NotFoundException("Unknown rule set", "No rule set " + version + " is stored.");
    }

    /** {@code files}: an object of relative paths to file texts, as they sit under {@code rules/}. */
    private static Map<String, byte[]> files(JsonNode node) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw BadRequestException.of("files", "required: an object of rule-set paths to file texts, "
                    + "e.g. {\"plays/billing.drl\": \"…\"}");
        }
        if (node.size() > MOST_FILES) {
            throw BadRequestException.of("files", "at most " + MOST_FILES + " files, was " + node.size());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        Map<String, byte[]> files = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> file = it.next();
            String path = file.getKey();
            String field = "files." + path;
            if (path.length() > LONGEST_PATH || !SAFE_PATH.matcher(path).matches() || path.contains("..")) {
                errors.add(Problem.FieldError.of(field, "not a relative path inside the rule set (letters, digits,"
                        + " '_', '-', '.', ' ' and '/', at most " + LONGEST_PATH + " characters, no '..')"));
            } else if (!file.getValue().isTextual()) {
                errors.add(Problem.FieldError.of(field, "must be the file's text"));
            } else if (file.getValue().asText().indexOf('\u0000') >= 0) {
                errors.add(Problem.FieldError.of(field, "must not contain a NUL character"));
            } else {
                files.put(path, file.getValue().asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!errors.isEmpty()) {
            throw new BadRequestException(errors);
        }
        return new LinkedHashMap<>(files);
    }
}
