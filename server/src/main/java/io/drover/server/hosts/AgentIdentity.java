package io.drover.server.hosts;

import io.drover.server.http.Credentials;
import io.drover.server.identity.HostIdentity;
import io.drover.server.tls.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Which host an agent's client certificate proves: one Drover's CA signed, within its dates, whose
 * serial the store issued to the host in its subject's CN, not revoked, and that host still there.
 * The TLS handshake already refused certificates of other CAs; this is checked on every request,
 * so a revocation takes effect on the next one.
 */
final class AgentIdentity implements HostIdentity {
    private final CertificateAuthority ca;
    private final HostCertificates certificates;
    private final Clock clock;

    AgentIdentity(CertificateAuthority ca, HostCertificates certificates, Clock clock) {
        this.ca = ca;
        this.certificates = certificates;
        this.clock = clock;
    }

    @Override
    public String hostId(Credentials credentials) {
        X509Certificate cert = credentials.clientCertificate();
        if (cert == null) return null;
        try {
            return check(cert);
        } catch (CertificateRefused e) {
            return null;
        }
    }

    /** The host id {@code cert} proves; throws {@link CertificateRefused} saying why it proves none. */
    String check(X509Certificate cert) {
        if (!ca.signed(cert)) throw new CertificateRefused("the client certificate is not signed by this server's agent CA");
        long now = clock.millis();
        if (now > cert.getNotAfter().getTime()) {
            throw new CertificateRefused("the client certificate expired at " + cert.getNotAfter().toInstant() + "; the host must join again");
        }
        if (now < cert.getNotBefore().getTime()) throw new CertificateRefused("the client certificate is not valid yet");
        String hostId = commonName(cert.getSubjectX500Principal());
        Optional<HostCertificates.Issued> issued = certificates.find(HostCertificates.serial(cert));
        if (issued.isEmpty() || !issued.get().hostId().equals(hostId)) {
            throw new CertificateRefused("the client certificate was not issued by this Drover");
        }
        if (issued.get().revokedMs() != null || !issued.get().hostExists()) {
            throw new CertificateRefused("the client certificate was revoked: this host was removed; join it again with a new token");
        }
        return hostId;
    }

    private static String commonName(X500Principal subject) {
        var cns = new X500Name(subject.getName(X500Principal.RFC2253)).getRDNs(BCStyle.CN);
        return cns.length == 1 ? IETFUtils.valueToString(cns[0].getFirst().getValue()) : "";
    }
}
