package io.drover.agent.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The host's key and client certificate. The key is made here (EC P-256) and never leaves the
 * host; the server sees only a CSR. Both are kept in one file, {@code host.pem} in the data dir
 * with mode 0600, written whole and renamed into place, so a key never sits beside another key's
 * certificate; Drover's CA is kept beside it as {@code ca.crt}.
 */
public record HostCertificate(PrivateKey key, X509Certificate certificate) {
    public static final String FILE = "host.pem", CA_FILE = "ca.crt";

    public static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    /** A PEM PKCS#10 request for {@code key} (the server puts the host id in the certificate; the name here is informative). */
    public static String csr(KeyPair key, String hostName) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostName).build(),
                    key.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(out)) {
                w.writeObject(request);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a certificate signing request", e);
        }
    }

    /** The certificate the server returned for {@code key}, checked to be for that key. */
    public static HostCertificate of(KeyPair key, String certificatePem) throws IOException {
        X509Certificate cert = certificate(certificatePem);
        if (!cert.getPublicKey().equals(key.getPublic())) throw new IOException("the server returned a certificate for another key");
        return new HostCertificate(key.getPrivate(), cert);
    }

    public static X509Certificate certificate(String pem) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IOException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** When to renew: at two thirds of the certificate's lifetime. */
    public Instant renewAt() {
        Instant from = certificate.getNotBefore().toInstant(), to = certificate.getNotAfter().toInstant();
        return from.plus(Duration.between(from, to).multipliedBy(2).dividedBy(3));
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public String serial() {
        return certificate.getSerialNumber().toString(16);
    }

    public void save(Path dataDir) {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n" + pem(certificate);
        write(dataDir, FILE, pem, "rw-------");
    }

    public static void saveCa(Path dataDir, String caPem) {
        write(dataDir, CA_FILE, caPem, "rw-r--r--");
    }

    public static Optional<HostCertificate> load(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) return Optional.empty();
        try {
            String text = Files.readString(file);
            PrivateKey key = null;
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                for (Object o; (o = parser.readObject()) != null; ) {
                    if (o instanceof PrivateKeyInfo info) key = new JcaPEMKeyConverter().getPrivateKey(info);
                }
            }
            if (key == null) throw new IOException("no private key in it");
            return Optional.of(new HostCertificate(key, certificate(text.substring(text.indexOf("-----BEGIN CERTIFICATE-----")))));
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new UncheckedIOException("cannot read the host's key and certificate in " + file
                    + "; remove the host, this file and credentials.json, and join again with a new token", new IOException(e.getMessage(), e));
        }
    }

    private static String pem(Object value) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(Path dataDir, String name, String text, String mode) {
        try {
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, name, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, dataDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + name + " in " + dataDir, e);
        }
    }

    @Override
    public String toString() {
        return "HostCertificate[serial=" + serial() + ", notAfter=" + notAfter() + "]"; // never the key
    }
}
