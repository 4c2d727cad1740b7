package io.drover.server.access;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A user's role. Admins hold every permission everywhere; operators and viewers hold theirs only
 * inside the projects they belong to (the routes filter by project), plus read access to hosts.
 */
public enum Role {
    ADMIN(EnumSet.complementOf(EnumSet.of(Permission.PUBLIC, Permission.REGISTRATION, Permission.AGENT))),
    OPERATOR(EnumSet.of(Permission.SELF_READ, Permission.SELF_WRITE,
            Permission.MACHINES_READ, Permission.MACHINES_WRITE, Permission.VMS_READ, Permission.VMS_WRITE, Permission.VMS_CONSOLE,
            Permission.IMAGES_READ, Permission.IMAGES_WRITE, Permission.TASKS_READ, Permission.TASKS_WRITE,
            Permission.HOSTS_READ, Permission.NETWORKS_READ, Permission.EVENTS_READ, Permission.METRICS_READ, Permission.PROJECTS_READ)),
    VIEWER(EnumSet.of(Permission.SELF_READ, Permission.SELF_WRITE,
            Permission.MACHINES_READ, Permission.VMS_READ, Permission.IMAGES_READ, Permission.TASKS_READ,
            Permission.HOSTS_READ, Permission.NETWORKS_READ, Permission.EVENTS_READ, Permission.METRICS_READ, Permission.PROJECTS_READ));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public boolean holds(Permission permission) {
        return permissions.contains(permission);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code admin}, {@code operator} or {@code viewer}; throws {@link IllegalArgumentException} otherwise. */
    public static Role parse(String label) {
        if (label != null) {
            for (Role role : values()) {
                if (role.label().equals(label)) return role;
            }
        }
        throw new IllegalArgumentException("role must be admin, operator or viewer, got: " + label);
    }
}
