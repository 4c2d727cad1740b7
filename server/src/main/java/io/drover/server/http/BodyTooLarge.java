package io.drover.server.http;

/** A request body over the route's limit (413). */
public final class BodyTooLarge extends ApiException {
    public BodyTooLarge(long limitBytes) {
        super(413, "Content Too Large", "request body is larger than " + limitBytes + " bytes");
    }
}
