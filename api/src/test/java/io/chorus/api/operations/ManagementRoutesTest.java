package io.chorus.api.operations;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md: only health, liveness and readiness answer without a key. The metrics need an ADMIN key;
 * every other management route (thread dumps, routes, beans, refresh, flyway, env…) is off for everyone.
 */
@MicronautTest
class ManagementRoutesTest extends ApiTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/liveness", "/health/readiness"})
    void healthAnswersAnyoneAndRevealsNoDetail(String path) {
        Api.Reply reply = api.get(path, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().fieldNames()).toIterable().containsOnly("status");
    }

    @Test
    void metricsNeedAnAdminKey() {
        assertThat(api.get("/prometheus", null).status()).isEqualTo(401);
        assertThat(api.get("/prometheus", Api.ANALYST).status()).isEqualTo(403);
        assertThat(api.get("/prometheus", Api.ADMIN).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/logout", "/oauth/access_token", "/token_info", "/keys"})
    void micronautSecurityAddsNoRoutesOfItsOwn(String path) {
        for (String key : new String[]{null, Api.ADMIN}) {
            Api.Reply get = api.get(path, key);
            Api.Reply post = api.post(path, key, "{\"username\": \"admin\", \"password\": \"admin\"}");

            assertThat(get.status()).as("GET " + path + " " + get).isEqualTo(404);
            assertThat(post.status()).as("POST " + path + " " + post).isEqualTo(404);
            assertThat(post.contentType()).startsWith("application/problem+json");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/threaddump", "/routes", "/beans", "/flyway", "/metrics", "/env", "/loggers",
            "/refresh", "/info", "/caches", "/stop"})
    void everyOtherManagementRouteIsOffEvenForAnAdmin(String path) {
        for (String key : new String[]{null, Api.ADMIN}) {
            Api.Reply get = api.get(path, key);
            Api.Reply post = api.post(path, key, "{}");

            assertThat(get.status()).as("GET " + path + " " + get).isEqualTo(404);
            assertThat(post.status()).as("POST " + path + " " + post).isEqualTo(404);
            assertThat(get.contentType()).startsWith("application/problem+json");
        }
    }
}
