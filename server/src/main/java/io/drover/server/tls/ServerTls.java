package io.drover.server.tls;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The server's TLS material, loaded (or made at first start) from the data dir's {@code tls/}: its certificate and Drover's CA. */
public final class ServerTls {
    private final ServerCertificate certificate;
    private final CertificateAuthority ca;

    private ServerTls(ServerCertificate certificate, CertificateAuthority ca) {
        this.certificate = certificate;
        this.ca = ca;
    }

    /** @param publicUrl its host goes into a self-signed certificate's names, when given */
    public static ServerTls load(TlsSettings settings, Path tlsDir, String publicUrl, Clock clock) {
        List<String> names = new ArrayList<>();
        if (publicUrl != null) {
            String host = URI.create(publicUrl).getHost();
            if (host != null) names.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        }
        return new ServerTls(ServerCertificate.load(settings, tlsDir, names, clock), CertificateAuthority.inDir(tlsDir, clock));
    }

    public ServerCertificate certificate() {
        return certificate;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public TlsEndpoint endpoint() {
        return new TlsEndpoint(certificate, ca);
    }
}
