package io.drover.server.identity;

import io.drover.server.http.Credentials;

/** Tells which host agent a request comes from (routes with {@code Permission.AGENT}). */
@FunctionalInterface
public interface HostIdentity {
    /** The host id the credentials prove, or null when they prove none. */
    String hostId(Credentials credentials);
}
