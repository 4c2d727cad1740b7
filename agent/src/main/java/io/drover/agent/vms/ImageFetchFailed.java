package io.drover.agent.vms;

/**
 * A base image could not be fetched from the server, or what arrived is not the image asked for.
 * {@link #transientFailure()} is true when trying again may work (the server was away or failed).
 */
public final class ImageFetchFailed extends OperationFailed {
    private final boolean transientFailure;

    public ImageFetchFailed(String message) {
        this(message, false);
    }

    public ImageFetchFailed(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public ImageFetchFailed(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
