package io.drover.server.identity;

import io.drover.server.http.ApiException;
import java.util.Map;

/**
 * 503 at login: the username is not a local user and the LDAP directory could not answer. The
 * reason (host, result code) goes to the server log, not to whoever is trying to log in.
 */
final class DirectoryDown extends ApiException {
    DirectoryDown() {
        super(503, "Service Unavailable", "the directory is unavailable; try again later");
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", "30");
    }
}
