package io.chorus.api.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.OpenApiDocument;
import io.chorus.engine.json.Json;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document cannot drift from the controllers: every /v1 route is described, with an
 * operationId and the statuses every /v1 call can get. (OpenApiAnswersTest checks it against real answers.)
 */
class OpenApiDocumentTest {
    private final OpenApiDocument document = OpenApiDocument.served();

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationHasItsOwnOperationIdAndEveryV1OperationDeclaresTheStatusesAnyCallCanGet() {
        Set<String> operationIds = new HashSet<>();
        document.paths().forEach((path, operations) -> operations.forEach((method, operation) -> {
            Map<String, Object> op = (Map<String, Object>) operation;
            assertThat((String) op.get("operationId")).as(method + " " + path).isNotBlank();
            assertThat(operationIds.add((String) op.get("operationId"))).as("unique " + op.get("operationId")).isTrue();
            if (path.startsWith("/v1/")) {
                assertThat(((Map<String, Object>) op.get("responses")).keySet()).as(method + " " + path)
                        .contains("401", "403", "406", "429");
            }
        }));
    }

    @Test
    void theCheckerOfAnswersSeesAnUndeclaredFieldStatusOrContentType() throws Exception {
        JsonNode found = Json.mapper().readTree("{\"customerId\": \"C-1\", \"extra\": 1}");

        assertThat(document.problems("GET", "/v1/customers", 200, "application/json", found))
                .singleElement().asString().contains("extra: field not declared");
        assertThat(document.problems("GET", "/v1/customers", 418, "application/json", found))
                .singleElement().asString().contains("status not declared");
        assertThat(document.problems("GET", "/v1/customers", 200, "text/html", found))
                .singleElement().asString().contains("content type text/html not declared");
        assertThat(document.problems("GET", "/v1/customers", 200, "application/json",
                Json.mapper().readTree("{\"customerId\": 7}"))).singleElement().asString().contains("expected a string");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyV1RouteIsInTheOpenApiDocument() throws Exception {
        Map<String, Object> document;
        try (InputStream in = getClass().getResourceAsStream("/openapi.yml")) {
            document = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        for (Class<?> controller : new Class<?>[]{io.chorus.api.decisions.DecisionController.class,
                io.chorus.api.customers.CustomerController.class, io.chorus.api.events.EventController.class,
                io.chorus.api.rules.RulesController.class, io.chorus.api.rules.RuleSetsController.class,
                io.chorus.api.constraints.ConstraintsController.class}) {
            String base = controller.getAnnotation(Controller.class).value();
            for (var method : controller.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(Get.class) ? "get" : method.isAnnotationPresent(Post.class)
                        ? "post" : method.isAnnotationPresent(Put.class) ? "put"
                        : method.isAnnotationPresent(Delete.class) ? "delete" : null;
                if (verb == null) {
                    continue;
                }
                String sub = verb.equals("get") ? method.getAnnotation(Get.class).value()
                        : verb.equals("post") ? method.getAnnotation(Post.class).value()
                        : verb.equals("put") ? method.getAnnotation(Put.class).value()
                        : method.getAnnotation(Delete.class).value();
                String path = base + (sub.equals("/") ? "" : sub);
                assertThat(paths).as(path).containsKey(path);
                assertThat(paths.get(path)).as(verb + " " + path).containsKey(verb);
            }
        }
    }
}
