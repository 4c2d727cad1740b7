package io.drover.tracker;

/** A heartbeat did not get through. The loop logs the message and tries again next interval. */
abstract class RegistrationException extends Exception {

    RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
