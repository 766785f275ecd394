package io.chorus.api.customers;

import io.chorus.engine.identity.IdentifierPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The one normalisation policy every lookup and every stored identifier goes through. */
@Factory
public class IdentifierPolicyFactory {

    /** A default country that is not a country calling code stops the service at start, with the reason. */
    @Singleton
    public IdentifierPolicy identifierPolicy(IdentifierConfiguration configuration) {
        return new IdentifierPolicy(configuration.getDefaultCountryCode());
    }
}
