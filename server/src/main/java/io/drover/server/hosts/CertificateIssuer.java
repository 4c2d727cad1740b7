package io.drover.server.hosts;

import io.drover.protocol.JoinReply;
import io.drover.server.http.Rfc3339;
import io.drover.server.tls.CertificateAuthority;
import io.drover.server.tls.Pem;
import io.drover.server.tls.SigningRequest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.jdbi.v3.core.Handle;

/** Issues a host's client certificate from its CSR and records its serial, on a join or a renewal. */
final class CertificateIssuer {
    private final CertificateAuthority ca;
    private final HostCertificates certificates;
    private final Duration lifetime;

    CertificateIssuer(CertificateAuthority ca, HostCertificates certificates, Duration lifetime) {
        this.ca = ca;
        this.certificates = certificates;
        this.lifetime = lifetime;
    }

    /** Issues and records inside the caller's transaction (a join: the token, the host and its certificate together). */
    JoinReply issue(Handle h, String hostId, SigningRequest csr, long nowMs) {
        X509Certificate cert = ca.issue(csr, hostId, lifetime);
        certificates.record(h, hostId, cert, nowMs);
        return reply(hostId, cert);
    }

    private JoinReply reply(String hostId, X509Certificate cert) {
        return new JoinReply(hostId, Pem.write(cert), Pem.write(ca.certificate()), ca.fingerprint(),
                Rfc3339.format(cert.getNotAfter().getTime()));
    }
}
