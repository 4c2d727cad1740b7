package io.drover.server.identity;

import io.drover.server.http.Credentials;

/** Tells which project a machine reporting in ({@code Permission.REGISTRATION}) belongs to. */
@FunctionalInterface
public interface MachineIdentity {
    /** The project the credentials register into; throws {@link io.drover.server.http.NotAuthenticated} when they are not good. */
    String project(Credentials credentials);
}
