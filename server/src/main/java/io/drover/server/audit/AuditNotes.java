package io.drover.server.audit;

import io.drover.server.access.Principal;
import io.javalin.http.Context;

/**
 * What a handler can tell the audit about its request that the guard could not know. The login
 * handler is the user: the guard lets everyone in to {@code POST /api/v1/auth/login}, so only the
 * handler knows which username was tried and who signed in.
 */
public final class AuditNotes {
    static final String ATTEMPTED_USER = "drover.audit.attempted-user";
    static final String DETAIL = "drover.audit.detail";

    private AuditNotes() {}

    /** The username a caller tried to sign in as: the record's actor when the request fails. Call it before checking the password. */
    public static void attemptedUser(Context ctx, String username) {
        ctx.attribute(ATTEMPTED_USER, username);
    }

    /** The caller signed in as {@code principal}: the record names them (and their session or token) as the actor. */
    public static void signedIn(Context ctx, Principal principal) {
        ctx.attribute(Principal.ATTRIBUTE, principal);
    }

    /**
     * A short note for the record of a request that succeeded, e.g. the id of what it created. Never
     * a secret, a password or a request body: it is shown to every admin.
     */
    public static void detail(Context ctx, String note) {
        ctx.attribute(DETAIL, note);
    }
}
