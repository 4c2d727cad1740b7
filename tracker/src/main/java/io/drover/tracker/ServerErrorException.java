package io.drover.tracker;

/** The server answered, but with a 5xx or another status that is neither success nor 4xx. */
final class ServerErrorException extends RegistrationException {

    ServerErrorException(int status, String serverMessage) {
        super("server error (HTTP " + status + "): " + serverMessage, null);
    }
}
