package io.drover.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a hard size limit, whatever Content-Length claims. */
public final class Bodies {
    /** The limit for JSON bodies of the versioned API. */
    public static final int MAX_JSON = 64 * 1024;

    private Bodies() {}

    /** A JSON request body as {@code type}; an empty body is {@code whenEmpty}; broken JSON is a 400. */
    public static <T> T json(Context ctx, ObjectMapper mapper, Class<T> type, T whenEmpty) {
        return parse(read(ctx, MAX_JSON), mapper, type, whenEmpty);
    }

    /**
     * As {@link #json(Context, ObjectMapper, Class, Object)} with a smaller limit, for a route any
     * stranger may call (login): a body over it by its Content-Length is refused at once, not drained,
     * since draining a slow one would hold a thread (the client may see the connection closed instead).
     */
    public static <T> T json(Context ctx, ObjectMapper mapper, Class<T> type, T whenEmpty, int limitBytes) {
        return parse(read(ctx, limitBytes, false), mapper, type, whenEmpty);
    }

    private static <T> T parse(byte[] body, ObjectMapper mapper, Class<T> type, T whenEmpty) {
        if (body.length == 0) return whenEmpty;
        try {
            T value = mapper.readValue(body, type);
            return value == null ? whenEmpty : value;
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("invalid JSON: " + describe(e));
        } catch (IOException e) {
            throw new InvalidRequest("invalid JSON: the body could not be read");
        }
    }

    /**
     * What is wrong with a body, in the API's terms: Jackson's own messages name Java types
     * ("value of type `java.lang.Long`"), its classes and settings ({@code StreamReadConstraints})
     * and quote the input ({@code [Source: …]}), which tell a client nothing and show the insides
     * (issue 10, finding 13). Every route that reads JSON answers with this, never with Jackson's text.
     */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) return "unknown field " + clip(unknown.getPropertyName());
        if (e instanceof StreamConstraintsException limit) return limit(limit);
        if (e instanceof JsonEOFException) return "the JSON ends too early";
        String field = e instanceof JsonMappingException mapping ? field(mapping) : null;
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
            return field == null ? "a value is not one of those allowed" : "field " + field + " is not one of the values allowed";
        }
        if (e instanceof MismatchedInputException) {
            return field == null ? "the body does not have the expected shape (a JSON object)" : "field " + field + " has the wrong type";
        }
        if (e instanceof JsonMappingException) {
            return field == null ? "the body does not have the expected shape" : "field " + field + " has a value that is not allowed";
        }
        return plain(e.getOriginalMessage());
    }

    /** Jackson's parse message when it is about the text only (an unexpected character, bad UTF-8), else a generic one. */
    private static String plain(String message) {
        if (message == null) return "malformed JSON";
        int marker = message.indexOf(" (start marker at");
        if (marker > 0) message = message.substring(0, marker);
        for (String inside : INSIDES) {
            if (message.contains(inside)) return "malformed JSON";
        }
        return clip(message);
    }

    /** What gives away the implementation in an exception's message. */
    private static final String[] INSIDES = {"`", "java.", "com.fasterxml", "io.drover", "[Source:", "Jackson", "StreamRead", "\n"};

    private static String limit(StreamConstraintsException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("nesting depth")) return "the JSON is nested too deeply";
        if (message.contains("Number value length")) return "a number in the JSON is too long";
        if (message.contains("String value length")) return "a string in the JSON is too long";
        if (message.contains("Name length")) return "a field name in the JSON is too long";
        return "the JSON is beyond what the server reads";
    }

    /** The path of the field in error ({@code a.b[2].c}), clipped, or null for the body itself. */
    private static String field(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).map(Bodies::clip).orElse(null);
    }

    private static String clip(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "…" : text;
    }

    /** Bodies up to this size are read and dropped before a 413 (see {@link #drain}). */
    static final long MAX_DRAIN = 1 << 20;

    /**
     * Reads and drops a refused body that is not huge, so the client, still sending it, gets the
     * 413 instead of a connection reset (over TLS a reset loses the answer). A huge one is left:
     * the connection closes instead.
     */
    private static void drain(Context ctx, long declared) {
        if (declared > MAX_DRAIN) return;
        try (InputStream in = ctx.req().getInputStream()) {
            in.skip(declared);
            byte[] rest = new byte[8192];
            while (in.read(rest) > 0) { /* whatever skip left */ }
        } catch (IOException ignored) {
            // the client went away: nobody waits for the answer
        }
    }

    public static byte[] read(Context ctx, int limitBytes) {
        return read(ctx, limitBytes, true);
    }

    private static byte[] read(Context ctx, int limitBytes, boolean drainRefused) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limitBytes) {
            if (drainRefused) drain(ctx, declared);
            throw new BodyTooLarge(limitBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 512);
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limitBytes) throw new BodyTooLarge(limitBytes);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SlowBodies.TooSlow slow) throw new BodyTooSlow(slow.getMessage());
            }
            throw new InvalidRequest("could not read the request body: " + e.getMessage());
        }
    }
}
