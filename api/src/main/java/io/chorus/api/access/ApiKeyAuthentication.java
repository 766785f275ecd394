package io.chorus.api.access;

import io.micronaut.security.authentication.Authentication;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * A caller known by its API key. Its own type, not Micronaut's generic one, so nothing a token carries (a JWT's
 * claims become attributes) can pass for a key.
 */
public final class ApiKeyAuthentication implements Authentication {
    private final ApiKeys.Caller caller;

    ApiKeyAuthentication(ApiKeys.Caller caller) {
        this.caller = caller;
    }

    /** {@code key:} and the first 12 hex digits of the key's SHA-256: names the key without revealing it. */
    @Override
    public String getName() {
        return "key:" + caller.id();
    }

    @Override
    public Collection<String> getRoles() {
        return caller.roles().stream().map(Role::name).toList();
    }

    public Set<Role> roles() {
        return caller.roles();
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of();
    }

    @Override
    public String toString() {
        return getName() + " " + caller.roles();
    }
}
