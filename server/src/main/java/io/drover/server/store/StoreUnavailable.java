package io.drover.server.store;

/** The store could not be opened or migrated; the server cannot start without it. */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
