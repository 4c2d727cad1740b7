package io.drover.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drover's own CA, which signs the agents' client certificates. Made at first start in the data
 * dir ({@code tls/ca.crt}, and {@code tls/ca.key} with mode 0600) and kept: every certificate it
 * issued stays valid across restarts. Replicas must share these two files.
 */
public final class CertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
    static final String CERT_FILE = "ca.crt", KEY_FILE = "ca.key";
    private static final Duration CA_LIFETIME = Duration.ofDays(20 * 365);
    /**
     * Agent certificates start a little in the past (the agent's clock may be behind the server's),
     * never more than a tenth of their lifetime: agents renew at two thirds of notBefore..notAfter.
     */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
    }

    /** The CA kept in {@code tlsDir}, made now when there is none. */
    public static CertificateAuthority inDir(Path tlsDir, Clock clock) {
        Path certFile = tlsDir.resolve(CERT_FILE), keyFile = tlsDir.resolve(KEY_FILE);
        if (Files.exists(certFile) || Files.exists(keyFile)) {
            try {
                X509Certificate cert = Pem.certificates(Files.readString(certFile)).get(0);
                PrivateKey key = Pem.privateKey(Files.readString(keyFile));
                if (!Certificates.belongTogether(key, cert)) throw new IOException(keyFile + " is not the key of " + certFile);
                return new CertificateAuthority(key, cert, clock);
            } catch (IOException | CertificateException e) {
                throw new UncheckedIOException("cannot read Drover's CA in " + tlsDir + ": " + e.getMessage(),
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
        KeyPair pair = Certificates.newEcKey();
        Instant now = clock.instant();
        X509v3CertificateBuilder b = Certificates.builder(Certificates.commonName("Drover agent CA"), Certificates.commonName("Drover agent CA"),
                pair.getPublic(), now.minus(CLOCK_SKEW), now.plus(CA_LIFETIME), Certificates.newSerial());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate cert = Certificates.sign(b, pair.getPrivate());
        Pem.writeFile(keyFile, Pem.privateKey(pair.getPrivate()), "rw-------");
        Pem.writeFile(certFile, Pem.write(cert), "rw-r--r--");
        log.info("made Drover's agent CA in {} ({})", tlsDir, Fingerprint.of(cert));
        return new CertificateAuthority(pair.getPrivate(), cert, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String fingerprint() {
        return Fingerprint.of(certificate);
    }

    /** A client certificate for the agent of {@code hostId} (its subject's CN) with the CSR's key, valid for {@code lifetime}. */
    public X509Certificate issue(SigningRequest request, String hostId, Duration lifetime) {
        Instant now = clock.instant();
        Duration skew = lifetime.isNegative() ? CLOCK_SKEW : min(CLOCK_SKEW, lifetime.dividedBy(10));
        X509v3CertificateBuilder b = Certificates.builder(Certificates.commonName("Drover agent CA"), Certificates.commonName(hostId),
                request.publicKey(), now.minus(skew), now.plus(lifetime), Certificates.newSerial());
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Certificates.sign(b, key);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Whether this CA signed {@code cert} (dates are not looked at here). */
    public boolean signed(X509Certificate cert) {
        if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) return false;
        try {
            cert.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * What the HTTPS port trusts in client certificates: only ones this CA signed, so a foreign
     * certificate fails the handshake. Dates and revocation are checked per request (see the
     * hosts' {@code AgentIdentity}) so an agent hears why it was refused.
     */
    X509ExtendedTrustManager clientTrust() {
        return new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !signed(chain[0])) {
                    throw new CertificateException("the client certificate is not signed by Drover's agent CA");
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                checkClientTrusted(chain, authType);
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                throw new CertificateException("not a client");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return List.of(certificate).toArray(X509Certificate[]::new);
            }
        };
    }
}
