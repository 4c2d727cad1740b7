package io.drover.server.identity;

/**
 * The key for {@link SecretBox} cannot be had: {@code DROVER_SECRET_KEY} is not base64 of 32
 * bytes, or the data dir's {@code secret.key} is unreadable or malformed. A start-up failure; the
 * message says which source and what is wrong, never the key material.
 */
public final class SecretKeyUnusable extends RuntimeException {
    public SecretKeyUnusable(String message, Throwable cause) {
        super(message, cause);
    }
}
