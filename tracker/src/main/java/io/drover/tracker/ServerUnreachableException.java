package io.drover.tracker;

import java.net.URI;

/** No answer at all: connection refused, DNS failure, TLS failure or timeout. */
final class ServerUnreachableException extends RegistrationException {

    ServerUnreachableException(URI uri, String why, Throwable cause) {
        super("cannot reach " + uri + ": " + why, cause);
    }
}
