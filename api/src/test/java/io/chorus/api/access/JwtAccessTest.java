package io.chorus.api.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer JWTs from the deployment's identity provider, beside API keys: the provider here is an RSA key made for
 * the test, its public half served as a JWKS by a small HTTP server, and the service configured with that URL, an
 * issuer, an audience and a roles claim of its own name ({@code groups}).
 */
@MicronautTest
class JwtAccessTest extends ApiTestBase {
    private static final String ISSUER = "https://idp.example.test";
    private static final String AUDIENCE = "chorus";

    private final RSAKey signingKey = newKey("idp-key-1");
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private HttpServer identityProvider;

    @Override
    protected Map<String, String> moreProperties() {
        String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
        try {
            identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        identityProvider.createContext("/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        identityProvider.start();
        return Map.of(
                "micronaut.security.token.jwt.signatures.jwks.idp.url",
                "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks.json",
                "micronaut.security.token.jwt.claims-validators.issuer", ISSUER,
                "micronaut.security.token.jwt.claims-validators.audience", AUDIENCE,
                "micronaut.security.token.roles-name", "groups",
                "chorus.access.rate-limit-per-second", "1",
                "chorus.access.rate-limit-burst", "6");
    }

    @AfterAll
    void stopTheIdentityProvider() {
        identityProvider.stop(0);
    }

    @Test
    void aValidTokenWithTheAnalystRoleReadsTheRulesButIsRefusedWhatOnlyAnAdminMayDo() {
        String token = token(signingKey, claims("ana").claim("groups", List.of("analyst", "staff")).build());

        assertThat(api.get("/v1/rules", token).status()).isEqualTo(200);
        Api.Reply reload = api.post("/v1/rules/reload", token, "");
        assertThat(reload.status()).isEqualTo(403);
        assertThat(reload.contentType()).startsWith("application/problem+json");
        assertThat(reload.json().get("detail").asText()).contains("ADMIN");
        assertThat(api.get("/prometheus", token).status()).isEqualTo(403);
        assertThat(jwksRequests).as("keys fetched from the JWKS URL").hasPositiveValue();
    }

    @Test
    void aTokenWithTheAdminRoleMayDoWhatAnAdminMay() {
        String token = token(signingKey, claims("root").claim("groups", List.of("ADMIN")).build());

        assertThat(api.post("/v1/rules/reload", token, "").status()).isEqualTo(200);
        assertThat(api.get("/prometheus", token).status()).isEqualTo(200);
    }

    @Test
    void aTokenWithNoChorusRoleInTheConfiguredClaimIsForbidden() {
        // "roles" is not the claim this deployment reads: an ADMIN there grants nothing.
        String token = token(signingKey, claims("nobody").claim("groups", List.of("staff", "admins"))
                .claim("roles", List.of("ADMIN")).build());

        Api.Reply reply = api.get("/v1/rules", token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anExpiredTokenIsUnauthorised() {
        Instant past = Instant.now().minusSeconds(3600);
        String token = token(signingKey, claims("late").claim("groups", List.of("ADMIN"))
                .issueTime(Date.from(past.minusSeconds(600))).expirationTime(Date.from(past)).build());

        assertUnauthorised(token);
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorised() {
        RSAKey impostor = newKey(signingKey.getKeyID()); // same key id, different key
        String token = token(impostor, claims("mallory").claim("groups", List.of("ADMIN")).build());

        assertUnauthorised(token);
    }

    @Test
    void aTokenFromAnotherIssuerOrForAnotherAudienceIsUnauthorised() {
        assertUnauthorised(token(signingKey, claims("eve").issuer("https://other-idp.example.test")
                .claim("groups", List.of("ADMIN")).build()));
        assertUnauthorised(token(signingKey, claims("eve").audience("another-service")
                .claim("groups", List.of("ADMIN")).build()));
    }

    @Test
    void anUnsignedTokenIsUnauthorised() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims("mallory").claim("groups", List.of("ADMIN")).build().toString()
                .getBytes(StandardCharsets.UTF_8)) + ".";

        assertUnauthorised(unsigned);
    }

    @Test
    void apiKeysKeepWorkingBesideTokens() {
        assertThat(api.get("/v1/rules", Api.ANALYST).status()).isEqualTo(200);
        assertThat(api.post("/v1/rules/reload", Api.ANALYST, "").status()).isEqualTo(403);
    }

    @Test
    void eachSubjectHasItsOwnRate() {
        String busy = token(signingKey, claims("busy").claim("groups", List.of("ANALYST")).build());
        String quiet = token(signingKey, claims("quiet").claim("groups", List.of("ANALYST")).build());

        int tooMany = 0;
        for (int i = 0; i < 12; i++) {
            Api.Reply reply = api.get("/v1/rules", busy);
            if (reply.status() == 429) {
                tooMany++;
                assertThat(reply.contentType()).startsWith("application/problem+json");
            }
        }

        assertThat(tooMany).isGreaterThanOrEqualTo(5);
        assertThat(api.get("/v1/rules", quiet).status()).isEqualTo(200);
    }

    private void assertUnauthorised(String token) {
        var reply = api.raw(api.request("/v1/rules", token).GET());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(AUDIENCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String token(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
