package io.drover.server.http;

/** 403: the caller is known but may not do this. */
public final class Forbidden extends ApiException {
    public Forbidden(String detail) {
        super(403, "Forbidden", detail);
    }
}
