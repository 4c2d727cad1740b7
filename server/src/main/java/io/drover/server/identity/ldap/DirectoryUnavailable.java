package io.drover.server.identity.ldap;

/**
 * The directory could not answer: not reachable, too slow (the connect or response timeout
 * passed), TLS failed, or it refused the service account. The message is for the server log and
 * the admin's settings page; a login response should say only that the directory is unavailable (503).
 */
public final class DirectoryUnavailable extends RuntimeException {
    public DirectoryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
