package io.drover.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses (400, one log line) requests the layers below would fail on with a 500 and a stack
 * trace, before any guard or handler: a path or query with a {@code %} not followed by two hex
 * digits (Jetty lets e.g. {@code %u002e} through; Javalin decodes parameters with
 * {@code URLDecoder}, which throws on it), and a {@code Content-Type} naming a charset this JVM does
 * not know (the servlet layer throws when a handler asks for the content type).
 */
final class MalformedRequests extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(MalformedRequests.class);
    private static final int MAX_LOGGED = 200;

    MalformedRequests(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String problem = problem(request);
        if (problem == null) return super.handle(request, response, callback);
        log.info("refused {} {}: {}", request.getMethod(), OneLine.of(request.getHttpURI().getPathQuery(), MAX_LOGGED), problem);
        Response.writeError(request, response, callback, 400, problem);
        return true;
    }

    /** What is wrong with the request, or null. */
    static String problem(Request request) {
        HttpURI uri = request.getHttpURI();
        if (!wellEscaped(uri.getPath())) return "the path has a % that is not followed by two hex digits";
        if (!wellEscaped(uri.getQuery())) return "the query has a % that is not followed by two hex digits";
        HttpField type = request.getHeaders().getField(HttpHeader.CONTENT_TYPE);
        try {
            MimeTypes.getCharsetFromContentType(type);
        } catch (IllegalArgumentException unknown) {
            return "the Content-Type names a charset the server does not know; send UTF-8";
        }
        return null;
    }

    /** True when every {@code %} starts an escape of two hex digits (RFC 3986 percent-encoding). */
    static boolean wellEscaped(String s) {
        if (s == null) return true;
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0 || Character.digit(s.charAt(i + 2), 16) < 0) return false;
        }
        return true;
    }
}
