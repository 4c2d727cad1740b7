package io.drover.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers — requests refused before any route sees them, e.g. a NUL or an
 * ambiguous encoding in the path — as problem details instead of Jetty's HTML page (the original
 * tracker's shape off {@code /api/v1/} when the path is known; for a request Jetty could not
 * parse it is not, and the problem shape, the API's default, is used). Jetty drops the
 * connection after a malformed request, so the answer says so.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final String BAD_MESSAGE = "/badMessage";

    private final ObjectMapper mapper;

    JsonErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Every method gets the body (Jetty's default writes one for GET, POST and HEAD only, so a refused DELETE had none). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        // A request Jetty could not parse reaches here as a stand-in whose path is /badMessage.
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        boolean unparsed = path == null || BAD_MESSAGE.equals(path);
        String title = HttpStatus.getMessage(code);
        String detail = unparsed ? "the request is malformed (" + (message == null ? title : message) + ")"
                : message == null ? title : message;
        ErrorBody body = unparsed ? ErrorBody.problem(mapper, code, title, detail, null) : ErrorBody.of(mapper, path, code, title, detail);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        if (unparsed) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body.bytes()), callback);
    }
}
