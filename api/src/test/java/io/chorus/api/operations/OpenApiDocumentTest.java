package io.chorus.api.operations;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document cannot drift from the controllers: every /v1 route is described. */
class OpenApiDocumentTest {

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
