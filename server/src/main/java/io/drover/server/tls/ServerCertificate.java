package io.drover.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate the server's HTTPS port presents: the operator's ({@code --tls-cert},
 * {@code --tls-key}), else a self-signed one made at first start and kept in the data dir
 * ({@code tls/server.crt}, {@code tls/server.key} with mode 0600) so its fingerprint, which
 * clients pin, stays the same across restarts. Delete both files to make a new one (clients
 * then need the new fingerprint).
 */
public final class ServerCertificate {
    private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);
    static final String CERT_FILE = "server.crt", KEY_FILE = "server.key";
    private static final Duration SELF_SIGNED_LIFETIME = Duration.ofDays(3650);

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final boolean selfSigned;

    private ServerCertificate(PrivateKey key, List<X509Certificate> chain, boolean selfSigned) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.selfSigned = selfSigned;
    }

    /**
     * The operator's certificate when {@code settings} name one, else the self-signed one in
     * {@code tlsDir}, made now (for localhost, 127.0.0.1, ::1, this machine's name and
     * {@code extraNames}) when there is none yet.
     */
    public static ServerCertificate load(TlsSettings settings, Path tlsDir, List<String> extraNames, Clock clock) {
        if (settings.certFile() != null) return operator(settings.certFile(), settings.keyFile());
        Path cert = tlsDir.resolve(CERT_FILE), keyFile = tlsDir.resolve(KEY_FILE);
        if (Files.exists(cert) && Files.exists(keyFile)) {
            ServerCertificate kept = read(cert, keyFile);
            return new ServerCertificate(kept.key, kept.chain, true);
        }
        KeyPair pair = Certificates.newEcKey();
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            log.debug("this machine's name is unknown; not in the certificate: {}", e.getMessage());
        }
        for (String n : extraNames) if (n != null && !n.isBlank()) names.add(n);
        Instant now = clock.instant();
        X509v3CertificateBuilder b = Certificates.builder(Certificates.commonName("Drover server"), Certificates.commonName("Drover server"),
                pair.getPublic(), now.minus(Duration.ofMinutes(5)), now.plus(SELF_SIGNED_LIFETIME), Certificates.newSerial());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream().map(ServerCertificate::san)
                    .toArray(GeneralName[]::new)));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate certificate = Certificates.sign(b, pair.getPrivate());
        Pem.writeFile(keyFile, Pem.privateKey(pair.getPrivate()), "rw-------");
        Pem.writeFile(cert, Pem.write(certificate), "rw-r--r--");
        log.info("made a self-signed TLS certificate for {} in {}", String.join(", ", names), cert);
        return new ServerCertificate(pair.getPrivate(), List.of(certificate), true);
    }

    private static GeneralName san(String name) {
        boolean ip = name.matches("[0-9.]+") || name.contains(":");
        return new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name);
    }

    private static ServerCertificate operator(Path certFile, Path keyFile) {
        ServerCertificate c = read(certFile, keyFile);
        if (!Certificates.belongTogether(c.key, c.leaf())) {
            throw new UncheckedIOException(new IOException("the key in " + keyFile + " does not belong to the certificate in " + certFile));
        }
        return c;
    }

    private static ServerCertificate read(Path certFile, Path keyFile) {
        try {
            List<X509Certificate> chain = Pem.certificates(Files.readString(certFile));
            PrivateKey key = Pem.privateKey(Files.readString(keyFile));
            return new ServerCertificate(key, chain, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS certificate " + certFile + " or key " + keyFile + ": " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new UncheckedIOException(new IOException("cannot read the TLS certificate " + certFile + ": " + e.getMessage(), e));
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** {@code sha256:HEX} of the leaf: what agents pin with {@code --server-fingerprint}. */
    public String fingerprint() {
        return Fingerprint.of(leaf());
    }

    /** curl's {@code sha256//BASE64} pin of the leaf's public key (install.sh). */
    public String publicKeyPin() {
        return Fingerprint.publicKeyPin(leaf());
    }

    public boolean selfSigned() {
        return selfSigned;
    }

    /** An in-memory key store with the key and chain, for Jetty. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, new ArrayList<Certificate>(chain).toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot hold the TLS key in a key store", e);
        }
    }
}
