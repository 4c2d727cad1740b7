package io.drover.server.access;

import java.util.Locale;

/**
 * What a caller must hold to use a route. Every route declares exactly one, in its feature's route
 * list; {@code io.drover.server.access.Role} says which roles hold which, and
 * {@code docs/route-permissions.tsv} is the matrix a test checks every route against.
 *
 * <p>{@link #write} permissions change state: a read-only API token never holds them, and a browser
 * session must send its CSRF token with them.
 */
public enum Permission {
    /** Anyone, no credentials: health, the spec, the console's static page, install.sh, login. */
    PUBLIC(false),
    /** Machines reporting in: open unless a registration token is configured (global or a project's). */
    REGISTRATION(true),
    /** A host agent, by the client certificate Drover's CA issued it (mutual TLS). */
    AGENT(false),
    /** Any signed-in user, about themself: who am I, my tokens. */
    SELF_READ(false),
    /** Any signed-in user, about themself: password, tokens, two-factor, logout. */
    SELF_WRITE(true),
    MACHINES_READ(false),
    MACHINES_WRITE(true),
    VMS_READ(false),
    VMS_WRITE(true),
    /** A VM's display and serial console, and its serial log: typing into a guest changes it. */
    VMS_CONSOLE(true),
    IMAGES_READ(false),
    IMAGES_WRITE(true),
    TASKS_READ(false),
    TASKS_WRITE(true),
    HOSTS_READ(false),
    /** Join tokens, enable/disable/remove hosts. */
    HOSTS_WRITE(true),
    /** Networks, their subnets and who holds which address. */
    NETWORKS_READ(false),
    /** Define and delete networks and subnets: the fleet's plumbing, for admins. */
    NETWORKS_WRITE(true),
    EVENTS_READ(false),
    METRICS_READ(false),
    PROJECTS_READ(false),
    PROJECTS_WRITE(true),
    USERS_READ(false),
    USERS_WRITE(true),
    AUDIT_READ(false),
    SETTINGS_READ(false),
    SETTINGS_WRITE(true);

    private final boolean write;

    Permission(boolean write) {
        this.write = write;
    }

    public boolean write() {
        return write;
    }

    /** How the API names it: the spec's {@code x-permission} and the session answer's {@code permissions}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
