package io.drover.server.http;

/** A request body that came slower than the server's minimum rate (408); see {@link SlowBodies}. */
public final class BodyTooSlow extends ApiException {
    BodyTooSlow(String detail) {
        super(408, "Request Timeout", detail);
    }
}
