package io.drover.server.tracker;

import io.drover.server.http.InvalidRequest;

/** A registration body that is not JSON or breaks a field rule (400, message names the field). */
final class InvalidHeartbeat extends InvalidRequest {
    InvalidHeartbeat(String detail) {
        super(detail);
    }
}
