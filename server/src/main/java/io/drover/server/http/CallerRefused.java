package io.drover.server.http;

import io.drover.server.access.Principal;

/**
 * 403 from the guard: the caller proved who they are but may not do this. It carries them so the
 * audit names the refused caller (user, token, session) rather than "anonymous".
 */
public final class CallerRefused extends ApiException {
    private final transient Principal caller;

    public CallerRefused(Principal caller, String detail) {
        super(403, "Forbidden", detail);
        this.caller = caller;
    }

    public Principal caller() {
        return caller;
    }
}
