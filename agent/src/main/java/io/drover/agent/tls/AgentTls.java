package io.drover.agent.tls;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The agent's TLS clients: they trust the server by its pin (or the JDK's CAs) and present the
 * host's client certificate. {@link #install} swaps in a renewed certificate: {@link #client}
 * then returns a new client with a fresh SSL context, so no cached TLS session carries the old
 * certificate into new connections.
 */
public final class AgentTls {
    private final ServerPin pin;
    private volatile HostCertificate current;
    private volatile HttpClient client;

    public AgentTls(ServerPin pin, HostCertificate certificate) {
        this.pin = pin;
        install(certificate);
    }

    /** A client that trusts the server but presents no certificate (joining). */
    public static HttpClient joining(ServerPin pin) {
        return build(pin, null);
    }

    public void install(HostCertificate certificate) {
        this.current = certificate;
        this.client = build(pin, certificate);
    }

    public HttpClient client() {
        return client;
    }

    public HostCertificate certificate() {
        return current;
    }

    public ServerPin pin() {
        return pin;
    }

    private static HttpClient build(ServerPin pin, HostCertificate certificate) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(context(pin, certificate)).build();
    }

    /** An SSL context that trusts the server by {@code pin} and presents {@code certificate} (none when null); the bench builds its own clients on it. */
    public static SSLContext context(ServerPin pin, HostCertificate certificate) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(certificate == null ? null : new KeyManager[] {new OneKey(certificate)}, ServerPin.trustManagers(pin),
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /** A key manager with the host's one key and certificate, offered whenever the server asks for a client certificate. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "host";
        private final HostCertificate certificate;

        OneKey(HostCertificate certificate) {
            this.certificate = certificate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return new X509Certificate[] {certificate.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return certificate.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
