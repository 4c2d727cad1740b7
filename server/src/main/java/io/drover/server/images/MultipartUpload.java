package io.drover.server.images;

import io.drover.server.http.ApiException;
import io.drover.server.http.InvalidRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * Reads a {@code multipart/form-data} image upload from the request stream with Jetty's push
 * parser, so nothing is buffered whole: the {@code file} part goes straight into an
 * {@link UploadFile}, the small text fields {@code name} and {@code format} are collected, and
 * any other part is refused.
 */
final class MultipartUpload extends MultiPart.AbstractPartsListener {
    private static final int MAX_FIELD_BYTES = 1024;
    private static final int MAX_PARTS = 8;
    private static final int MAX_PART_HEADERS = 8 * 1024;

    /** The text fields of the form; either may be null. */
    record Fields(String name, String format) {}

    private enum Kind { FILE, FIELD }

    private final UploadFile file;
    private final Consumer<Fields> beforeFile;
    private Kind kind;
    private final ByteArrayOutputStream field = new ByteArrayOutputStream();
    private String name, format;
    private boolean sawFile, complete;
    /** The parser swallows what its listener throws, so the first failure is kept here and rethrown by {@link #read}. */
    private ApiException failure;

    private MultipartUpload(UploadFile file, Consumer<Fields> beforeFile) {
        this.file = file;
        this.beforeFile = beforeFile;
    }

    /**
     * Streams the form in {@code in} into {@code file}. {@code beforeFile} sees the fields that
     * came before the file part, so a bad or taken name is refused before gigabytes are read.
     */
    static Fields read(InputStream in, String boundary, UploadFile file, Consumer<Fields> beforeFile) {
        MultipartUpload listener = new MultipartUpload(file, beforeFile);
        MultiPart.Parser parser = new MultiPart.Parser(boundary, listener);
        parser.setMaxParts(MAX_PARTS);
        parser.setPartHeadersMaxLength(MAX_PART_HEADERS);
        byte[] buffer = new byte[UploadFile.BUFFER];
        while (!listener.complete) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new UploadIncomplete("the upload broke off after " + file.size() + " bytes of the file: " + e.getMessage());
            }
            // The parser hands content on as slices of this chunk, and the listener writes them before parse returns.
            parser.parse(n < 0 ? Content.Chunk.EOF : Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
            if (listener.failure != null) throw listener.failure;
            if (n < 0) break;
        }
        if (!listener.complete) throw new UploadIncomplete("the multipart body ended before its closing boundary");
        if (!listener.sawFile) throw new InvalidRequest("the multipart body has no 'file' part");
        return new Fields(listener.name, listener.format);
    }

    @Override
    public void onPartHeaders() {
        if (failure != null) return;
        String part = getName();
        if ("file".equals(part)) {
            if (sawFile) {
                fail(new InvalidRequest("the multipart body has more than one 'file' part"));
                return;
            }
            sawFile = true;
            kind = Kind.FILE;
            check(() -> beforeFile.accept(new Fields(name, format)));
        } else if ("name".equals(part) || "format".equals(part)) {
            kind = Kind.FIELD;
            field.reset();
        } else {
            fail(new InvalidRequest("unexpected multipart part " + (part == null ? "without a name" : "'" + part + "'")
                    + "; send 'file', 'name' and optionally 'format'"));
        }
    }

    /**
     * Consumes a chunk before returning. Chunks are not released here: they are views of our own
     * heap buffer or of the parser's, never pooled, and Jetty 12.1 releases the ones it makes
     * itself, so a release here would be one too many.
     */
    @Override
    public void onPartContent(Content.Chunk chunk) {
        if (failure != null || !chunk.hasRemaining()) return;
        if (kind == Kind.FILE) {
            check(() -> file.write(chunk.getByteBuffer()));
        } else if (kind == Kind.FIELD) {
            if (field.size() + chunk.remaining() > MAX_FIELD_BYTES) {
                fail(new InvalidRequest("the multipart field '" + getName() + "' is longer than " + MAX_FIELD_BYTES + " bytes"));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            while (bytes.hasRemaining()) field.write(bytes.get());
        }
    }

    @Override
    public void onPart(String part, String fileName, HttpFields headers) {
        if (failure == null && kind == Kind.FIELD) {
            String value = field.toString(StandardCharsets.UTF_8);
            if ("name".equals(part)) name = value;
            else format = value;
        }
        kind = null;
    }

    @Override
    public void onComplete() {
        complete = true;
    }

    @Override
    public void onFailure(Throwable cause) {
        // The parser reports a body that ends mid-form as an EOFException.
        fail(cause instanceof EOFException
                ? new UploadIncomplete("the multipart body ended before its closing boundary")
                : new InvalidRequest("the multipart body is not valid: " + cause.getMessage()));
    }

    private void check(Runnable step) {
        try {
            step.run();
        } catch (ApiException e) {
            fail(e);
        }
    }

    private void fail(ApiException e) {
        if (failure == null) failure = e;
    }
}
