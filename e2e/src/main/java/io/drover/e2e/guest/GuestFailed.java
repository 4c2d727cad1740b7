package io.drover.e2e.guest;

/** A guest did not do what it was asked in time, or QEMU or a build command failed. */
public final class GuestFailed extends RuntimeException {
    GuestFailed(String message) {
        super(message);
    }

    GuestFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
