package io.drover.server.http;

/**
 * Text a caller sent, made safe to put in a log line or an audit record: control characters
 * (a newline in a username, a CR in a path) become {@code ?}, so one request stays one line and
 * cannot forge another, and long text is cut to {@code max} characters, the last one an ellipsis.
 */
public final class OneLine {
    private OneLine() {}

    public static String of(String text, int max) {
        if (text == null) return "";
        String cut = text.length() > max ? text.substring(0, max - 1) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
