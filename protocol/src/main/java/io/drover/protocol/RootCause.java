package io.drover.protocol;

/** The innermost cause's message: what a log line or an error shows of a wrapped failure (TLS, JDBC, WebSocket). */
public final class RootCause {
    private RootCause() {}

    public static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
