package io.chorus.api.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a caller may do (docs/api.md, "Access"). ADMIN may do everything. */
public enum Role {
    /** Make decisions, record outcomes, read a customer's context. */
    CHANNEL,
    /** Create profiles and post events: the systems of record. */
    RECORDER,
    /** Read the rule set and its load history. */
    ANALYST,
    /** Everything, including reloading rules. */
    ADMIN;

    /**
     * The Chorus roles among names from elsewhere (an identity provider's roles claim), in any case; a name that
     * is not a Chorus role grants nothing and is ignored.
     */
    public static Set<Role> known(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            if (name == null) {
                continue;
            }
            String upper = name.strip().toUpperCase(Locale.ROOT);
            for (Role role : values()) {
                if (role.name().equals(upper)) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }
}
