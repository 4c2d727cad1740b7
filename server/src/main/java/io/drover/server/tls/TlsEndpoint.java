package io.drover.server.tls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * What the HTTPS port needs: the server's certificate, and client certificates wanted (agents
 * present theirs; browsers and scripts need none) and trusted only when Drover's CA signed them.
 */
public final class TlsEndpoint {
    private final ServerCertificate certificate;
    private final CertificateAuthority ca;

    public TlsEndpoint(ServerCertificate certificate, CertificateAuthority ca) {
        this.certificate = certificate;
        this.ca = ca;
    }

    public ServerCertificate certificate() {
        return certificate;
    }

    /** A Jetty factory over an SSLContext built here, so the trust manager is exactly ours. */
    public SslContextFactory.Server sslContextFactory() {
        try {
            char[] password = "drover".toCharArray(); // in memory only
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(certificate.keyStore(password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {ca.clientTrust()}, new SecureRandom());
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(context);
            factory.setWantClientAuth(true);
            factory.setNeedClientAuth(false);
            // Clients pin the certificate or trust the operator's; a Host that is not one of its names is no reason to refuse.
            factory.setSniRequired(false);
            factory.setEndpointIdentificationAlgorithm(null);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }
}
