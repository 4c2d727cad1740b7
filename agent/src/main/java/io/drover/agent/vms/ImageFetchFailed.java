package io.drover.agent.vms;

/** A base image could not be fetched from the server, or what arrived is not the image asked for. */
public final class ImageFetchFailed extends OperationFailed {
    public ImageFetchFailed(String message) {
        super(message);
    }

    public ImageFetchFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
