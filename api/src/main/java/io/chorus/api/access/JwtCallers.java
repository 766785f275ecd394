package io.chorus.api.access;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.RolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.signature.ReactiveSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Who a JWT that micronaut-security-jwt has validated (signature against the configured keys, expiry, issuer and
 * audience where configured) is: its subject, with the Chorus roles named in the roles claim
 * ({@code micronaut.security.token.roles-name}, default {@code roles}); other role names are ignored.
 *
 * <p>Only a signed token is ever a caller, and only when the deployment has named its identity provider's keys.
 * Micronaut's validator, given no keys at all, would accept an unsigned token ({@code alg: none}) as verified:
 * with JWTs not configured that would let anyone write their own roles.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class JwtCallers extends DefaultJwtAuthenticationFactory {
    private static final Logger LOG = LoggerFactory.getLogger(JwtCallers.class);

    private final boolean keysConfigured;

    public JwtCallers(TokenConfiguration tokenConfiguration, RolesFinder rolesFinder,
                      List<SignatureConfiguration> signatures,
                      List<ReactiveSignatureConfiguration<SignedJWT>> reactiveSignatures) {
        super(tokenConfiguration, rolesFinder);
        this.keysConfigured = !signatures.isEmpty() || !reactiveSignatures.isEmpty();
    }

    @Override
    public Optional<Authentication> createAuthentication(JWT token) {
        if (!keysConfigured || !(token instanceof SignedJWT)) {
            LOG.debug("JWT refused: {}", keysConfigured ? "not signed" : "no identity provider keys configured");
            return Optional.empty();
        }
        return super.createAuthentication(token).map(authentication -> new JwtAuthentication(
                authentication.getName(), Role.known(authentication.getRoles()), authentication.getAttributes()));
    }
}
