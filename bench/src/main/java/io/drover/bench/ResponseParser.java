package io.drover.bench;

import java.nio.charset.StandardCharsets;

/**
 * Finds where one HTTP/1.1 response ends in the bytes read so far and what its status was. It reads
 * just the status line and the framing headers (Content-Length, chunked Transfer-Encoding,
 * Connection: close); bodies are skipped, not decoded. Not thread-safe: one per connection.
 */
final class ResponseParser {
    /** A response that cannot be framed (no length, bad chunk size, not HTTP); the connection is unusable. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    private int status;
    private boolean close;
    private int bodyStart;
    private int bodyEnd;

    int status() {
        return status;
    }

    /** True when the server said it will close the connection after this response. */
    boolean closeAfter() {
        return close;
    }

    int bodyStart() {
        return bodyStart;
    }

    /** End of the body (for chunked bodies, the end of the last chunk's framing). */
    int bodyEnd() {
        return bodyEnd;
    }

    /**
     * Looks for one complete response at the start of {@code buf[0, len)}.
     *
     * @return its length in bytes, or -1 when more bytes are needed
     */
    int parse(byte[] buf, int len) throws Malformed {
        int headerEnd = indexOfCrlfCrlf(buf, len);
        if (headerEnd < 0) {
            if (len > 64 * 1024) throw new Malformed("response headers longer than 64 KiB");
            return -1;
        }
        if (len < 12 || buf[0] != 'H' || buf[1] != 'T' || buf[2] != 'T' || buf[3] != 'P' || buf[8] != ' ') {
            throw new Malformed("not an HTTP response: " + preview(buf, len));
        }
        status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        long contentLength = -1;
        boolean chunked = false;
        close = false;
        int line = indexOf(buf, 0, headerEnd, (byte) '\n') + 1;
        while (line < headerEnd) {
            int eol = indexOf(buf, line, headerEnd + 2, (byte) '\r');
            int colon = indexOf(buf, line, eol, (byte) ':');
            if (colon > 0) {
                if (nameIs(buf, line, colon, "content-length")) {
                    contentLength = Long.parseLong(value(buf, colon, eol));
                } else if (nameIs(buf, line, colon, "transfer-encoding")) {
                    chunked = value(buf, colon, eol).toLowerCase().contains("chunked");
                } else if (nameIs(buf, line, colon, "connection")) {
                    close = value(buf, colon, eol).equalsIgnoreCase("close");
                }
            }
            line = eol + 2;
        }
        bodyStart = headerEnd + 4;
        if (chunked) return chunkedEnd(buf, len, bodyStart);
        if (contentLength < 0) {
            if (status == 204 || status == 304 || status / 100 == 1) contentLength = 0;
            else throw new Malformed("response without Content-Length or chunked encoding");
        }
        long end = bodyStart + contentLength;
        if (end > len) return -1;
        bodyEnd = (int) end;
        return (int) end;
    }

    private int chunkedEnd(byte[] buf, int len, int at) throws Malformed {
        int pos = at;
        while (true) {
            int eol = indexOf(buf, pos, len, (byte) '\r');
            if (eol < 0 || eol + 1 >= len) return -1;
            int size = 0;
            for (int i = pos; i < eol && buf[i] != ';'; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) throw new Malformed("bad chunk size: " + preview(buf, len));
                size = size * 16 + d;
            }
            pos = eol + 2;
            if (size == 0) {
                // No trailers expected: the body ends with an empty line.
                if (pos + 2 > len) return -1;
                bodyEnd = pos;
                return pos + 2;
            }
            pos += size + 2;
            if (pos > len) return -1;
        }
    }

    private static boolean nameIs(byte[] buf, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) return false;
        for (int i = 0; i < lowerName.length(); i++) {
            if (Character.toLowerCase(buf[from + i]) != lowerName.charAt(i)) return false;
        }
        return true;
    }

    private static String value(byte[] buf, int colon, int eol) {
        return new String(buf, colon + 1, eol - colon - 1, StandardCharsets.ISO_8859_1).trim();
    }

    private static int indexOfCrlfCrlf(byte[] buf, int len) {
        for (int i = 0; i + 3 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') return i;
        }
        return -1;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) if (buf[i] == b) return i;
        return -1;
    }

    private static String preview(byte[] buf, int len) {
        return new String(buf, 0, Math.min(len, 80), StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
    }
}
