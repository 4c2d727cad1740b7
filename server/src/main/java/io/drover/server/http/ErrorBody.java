package io.drover.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.Problem;
import io.drover.protocol.LegacyReply;
import java.nio.charset.StandardCharsets;

/**
 * The body of an error answer: RFC 9457 problem details under {@code /api/v1/}, the original
 * tracker's {@code {"status":"error","message":…}} elsewhere. Javalin routes and
 * {@link BodyRoutes} both answer with it, so a client sees one shape per path whichever served it.
 */
record ErrorBody(String contentType, byte[] bytes) {
    static ErrorBody of(ObjectMapper mapper, String path, int status, String title, String detail) {
        if (path.startsWith("/api/v1/")) return problem(mapper, status, title, detail, path);
        try {
            return new ErrorBody("application/json", mapper.writeValueAsBytes(LegacyReply.error(detail)));
        } catch (JsonProcessingException e) {
            return new ErrorBody("text/plain", title.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** RFC 9457 problem details; {@code instance} may be null when the path is not known. */
    static ErrorBody problem(ObjectMapper mapper, int status, String title, String detail, String instance) {
        try {
            return new ErrorBody("application/problem+json",
                    mapper.writeValueAsBytes(new Problem("about:blank", title, status, detail, instance)));
        } catch (JsonProcessingException e) {
            return new ErrorBody("text/plain", title.getBytes(StandardCharsets.UTF_8));
        }
    }
}
