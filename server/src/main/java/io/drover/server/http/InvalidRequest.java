package io.drover.server.http;

/** A request parameter or body that does not make sense (400). */
public class InvalidRequest extends ApiException {
    public InvalidRequest(String detail) {
        super(400, "Bad Request", detail);
    }
}
