package io.chorus.api.access;

import io.micronaut.security.authentication.Authentication;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A caller known by a signed JWT from the deployment's identity provider: its subject and its Chorus roles. */
public final class JwtAuthentication implements Authentication {
    private final String subject;
    private final Set<Role> roles;
    private final Map<String, Object> claims;

    JwtAuthentication(String subject, Set<Role> roles, Map<String, Object> claims) {
        this.subject = subject;
        this.roles = Set.copyOf(roles);
        this.claims = Collections.unmodifiableMap(new HashMap<>(claims)); // a claim may be JSON null
    }

    @Override
    public String getName() {
        return subject;
    }

    @Override
    public Collection<String> getRoles() {
        return roles.stream().map(Role::name).toList();
    }

    public Set<Role> roles() {
        return roles;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return claims;
    }

    @Override
    public String toString() {
        return "jwt:" + subject + " " + roles;
    }
}
