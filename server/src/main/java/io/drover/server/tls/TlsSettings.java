package io.drover.server.tls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the server serves TLS and signs agent certificates.
 *
 * @param certFile  PEM certificate (chain) the operator gives, or null to use the self-signed one
 *                  generated at first start in the data dir
 * @param keyFile   PEM private key of {@code certFile} (null with it)
 * @param httpPort  a second, plain HTTP port, 0 for any free port (tests), or null for none; it serves
 *                  only the tracker's routes unless {@code httpBehindProxy}
 * @param httpBehindProxy the operator says the plain port sits behind a TLS-terminating proxy: it
 *                  serves everything then, and the session cookie is {@code Secure} there too
 * @param agentCertificateLifetime how long an agent's client certificate is valid; agents renew at
 *                  two thirds of it
 */
public record TlsSettings(Path certFile, Path keyFile, Integer httpPort, boolean httpBehindProxy, Duration agentCertificateLifetime) {
    public static final Duration DEFAULT_AGENT_LIFETIME = Duration.ofDays(90);

    public TlsSettings {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
        }
        if (agentCertificateLifetime == null) agentCertificateLifetime = DEFAULT_AGENT_LIFETIME;
        if (agentCertificateLifetime.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("the agent certificate lifetime must be at least 10 s");
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) throw new IllegalArgumentException("bad --http-port " + httpPort);
        if (httpBehindProxy && httpPort == null) throw new IllegalArgumentException("--http-behind-proxy needs --http-port");
    }

    public static TlsSettings defaults() {
        return new TlsSettings(null, null, null, false, DEFAULT_AGENT_LIFETIME);
    }

    public TlsSettings withHttpPort(Integer port) {
        return new TlsSettings(certFile, keyFile, port, httpBehindProxy, agentCertificateLifetime);
    }

    /** The plain port ({@code port}) behind a TLS-terminating proxy: it serves everything. */
    public TlsSettings withHttpPortBehindProxy(Integer port) {
        return new TlsSettings(certFile, keyFile, port, true, agentCertificateLifetime);
    }

    public TlsSettings withOperatorCertificate(Path cert, Path key) {
        return new TlsSettings(cert, key, httpPort, httpBehindProxy, agentCertificateLifetime);
    }

    public TlsSettings withAgentCertificateLifetime(Duration lifetime) {
        return new TlsSettings(certFile, keyFile, httpPort, httpBehindProxy, lifetime);
    }
}
