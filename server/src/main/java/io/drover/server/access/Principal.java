package io.drover.server.access;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: a user (through a browser session or an API token), a host agent, a machine
 * reporting in, or nobody. The guard puts it on every request; routes read it with {@link #of}.
 *
 * @param projects the projects a non-admin user belongs to (admins see every project)
 * @param readOnly an API token created with the read-only scope
 * @param tokenId  the API token used; for a machine, the registration token that vouches for it
 *                 (null when open registration let it in); else null
 * @param sessionId the id (not the secret) of the browser session used, or null
 * @param subject  the host id of an agent, or the project a registration token belongs to
 */
public record Principal(Kind kind, String userId, String username, Role role, Set<String> projects,
                        boolean readOnly, String tokenId, String sessionId, String subject, String address) {
    public static final String ATTRIBUTE = "drover.principal";

    public enum Kind { USER, HOST, MACHINE, ANONYMOUS }

    public static Principal anonymous(String address) {
        return new Principal(Kind.ANONYMOUS, null, null, null, Set.of(), true, null, null, null, address);
    }

    public static Principal host(String hostId, String address) {
        return new Principal(Kind.HOST, null, null, null, Set.of(), false, null, null, hostId, address);
    }

    /** A machine reporting in: {@link #subject} is the project it registers into. */
    public static Principal machine(String project, String registrationTokenId, String address) {
        return new Principal(Kind.MACHINE, null, null, null, Set.of(), false, registrationTokenId, null, project, address);
    }

    /** The caller of the request being handled (anonymous when the guard did not run). */
    public static Principal of(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        return p != null ? p : anonymous(ctx.ip());
    }

    public boolean holds(Permission permission) {
        return switch (permission) {
            case PUBLIC -> true;
            case REGISTRATION -> kind == Kind.MACHINE;
            case AGENT -> kind == Kind.HOST;
            default -> kind == Kind.USER && role.holds(permission) && !(readOnly && permission.write());
        };
    }

    /**
     * Every permission {@link #holds} grants, in the enum's order: what the console may offer. For a
     * user they hold only inside {@link #inProject}, as the routes check.
     */
    public List<Permission> permissions() {
        return Arrays.stream(Permission.values()).filter(this::holds).toList();
    }

    public boolean isAdmin() {
        return kind == Kind.USER && role == Role.ADMIN;
    }

    /**
     * Whether this caller may see and (with the permission) act on things in {@code project}.
     * Things in no project (null) are the admins' alone.
     */
    public boolean inProject(String project) {
        // The null check first: the immutable sets projects comes in throw on contains(null).
        return isAdmin() || (project != null && projects.contains(project));
    }

    /** How audit records and logs name the caller: the username, else the host, else the kind. */
    public String actor() {
        return switch (kind) {
            case USER -> username;
            case HOST -> "host:" + subject;
            case MACHINE -> "machine";
            case ANONYMOUS -> "anonymous";
        };
    }
}
