package io.drover.server.tls;

/**
 * How the server serves TLS. (Filled in by the transport work of issue 4.)
 */
public record TlsSettings() {
    public static TlsSettings defaults() {
        return new TlsSettings();
    }
}
