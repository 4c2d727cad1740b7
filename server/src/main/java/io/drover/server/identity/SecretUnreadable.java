package io.drover.server.identity;

/**
 * A stored secret cannot be decrypted: it was altered, it is not in a format this server knows, or
 * it was sealed with another key (e.g. {@code DROVER_SECRET_KEY} changed, or the data dir's
 * {@code secret.key} was replaced). The message names the cause, never the secret or the key.
 */
public final class SecretUnreadable extends RuntimeException {
    public SecretUnreadable(String message) {
        super(message, null, false, false);
    }
}
