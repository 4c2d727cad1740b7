package io.drover.server.identity;

import io.drover.server.http.Credentials;

/** Tells which project a machine reporting in ({@code Permission.REGISTRATION}) belongs to. */
@FunctionalInterface
public interface MachineIdentity {
    /**
     * Whom the credentials admit; throws {@link io.drover.server.http.NotAuthenticated} when they
     * are not good.
     */
    Admitted admit(Credentials credentials);

    /**
     * A machine let in.
     *
     * @param project the project it registers into
     * @param tokenId the registration token that vouches for it ({@link #SERVER_TOKEN} for the
     *                server-wide one), or null when open registration let it in with no token:
     *                such a machine is tracked, but never taken for a VM of any project
     */
    record Admitted(String project, String tokenId) {
        public static final String SERVER_TOKEN = "server";
    }
}
