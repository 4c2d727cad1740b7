package io.drover.tracker;

import java.util.List;
import java.util.Optional;

/**
 * Just enough JSON for one request body and one field of the answer; the tracker has no
 * runtime dependencies, so no JSON library.
 */
final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** A JSON string literal for {@code value}, quotes included (RFC 8259 section 7). */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || isLoneSurrogate(value, i)) {
                        // A lone surrogate would become '?' in UTF-8; escaping keeps it intact.
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static ObjectWriter object() {
        return new ObjectWriter();
    }

    /**
     * The value of a top-level string member of a JSON object, e.g. {@code message} in the
     * server's {@code {"status":"error","message":"..."}}. Empty when the text is not a JSON
     * object or has no such string member.
     */
    static Optional<String> stringMember(String json, String name) {
        try {
            return new Reader(json).topLevelString(name);
        } catch (IllegalArgumentException notJson) {
            return Optional.empty();
        }
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }

    /** Writes one flat JSON object, members in the order they are added. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder("{");

        ObjectWriter field(String name, String value) {
            return raw(name, quote(value));
        }

        ObjectWriter field(String name, long value) {
            return raw(name, Long.toString(value));
        }

        ObjectWriter field(String name, List<String> values) {
            StringBuilder array = new StringBuilder("[");
            for (String value : values) {
                array.append(array.length() > 1 ? "," : "").append(quote(value));
            }
            return raw(name, array.append(']').toString());
        }

        private ObjectWriter raw(String name, String json) {
            out.append(out.length() > 1 ? "," : "").append(quote(name)).append(':').append(json);
            return this;
        }

        @Override
        public String toString() {
            return out + "}";
        }
    }

    /** A strict recursive-descent reader that skips every value except the wanted string. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Optional<String> topLevelString(String name) {
            Optional<String> found = Optional.empty();
            expect('{');
            if (peek() != '}') {
                do {
                    String key = string();
                    expect(':');
                    skipWhitespace();
                    if (key.equals(name) && peek() == '"') {
                        found = Optional.of(string());
                    } else {
                        value();
                    }
                } while (consume(','));
            }
            expect('}');
            skipWhitespace();
            if (pos != text.length()) {
                throw new IllegalArgumentException("trailing text");
            }
            return found;
        }

        private void value() {
            switch (peek()) {
                case '"' -> string();
                case '{' -> {
                    expect('{');
                    if (peek() != '}') {
                        do {
                            string();
                            expect(':');
                            value();
                        } while (consume(','));
                    }
                    expect('}');
                }
                case '[' -> {
                    expect('[');
                    if (peek() != ']') {
                        do {
                            value();
                        } while (consume(','));
                    }
                    expect(']');
                }
                default -> {
                    // number, true, false or null: only their extent matters here
                    int start = pos;
                    while (pos < text.length() && "+-.0123456789eEtruefalsn".indexOf(text.charAt(pos)) >= 0) {
                        pos++;
                    }
                    if (pos == start) {
                        throw new IllegalArgumentException("value expected at " + pos);
                    }
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw new IllegalArgumentException("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw new IllegalArgumentException("short unicode escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        private char peek() {
            skipWhitespace();
            if (pos >= text.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return text.charAt(pos);
        }

        private boolean consume(char c) {
            if (pos < text.length() && peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("'" + c + "' expected at " + pos);
            }
            pos++;
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }
    }
}
