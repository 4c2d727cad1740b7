package io.drover.tracker;

/** The server answered 4xx: it understood the heartbeat and refused it, e.g. a bad token. */
final class RegistrationRejectedException extends RegistrationException {

    RegistrationRejectedException(int status, String serverMessage) {
        super("server rejected the registration (HTTP " + status + "): " + serverMessage, null);
    }
}
