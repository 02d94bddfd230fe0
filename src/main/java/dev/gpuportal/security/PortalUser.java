package dev.gpuportal.security;

import java.util.Set;

/** The signed-in person as the portal sees them, whichever way they logged in. */
public record PortalUser(String username, String displayName, String email, Set<String> groups, boolean platformAdmin) {

    public PortalUser {
        groups = Set.copyOf(groups);
    }

    public boolean isInGroup(String group) {
        return groups.contains(group);
    }
}
