package io.drover.agent.tls;

import java.io.StringReader;
import java.util.Base64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCertificateTest {
    @TempDir
    Path tmp;

    static X509Certificate selfSigned(KeyPair key, Instant from, Instant to) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name("CN=h"), BigInteger.TEN,
                Date.from(from), Date.from(to), new X500Name("CN=h"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
    }

    @Test
    void theKeyAndCertificateAreKeptTogetherOwnerOnlyAndReadBack() throws Exception {
        KeyPair key = HostCertificate.newKey();
        Instant now = Instant.now();
        HostCertificate c = new HostCertificate(key.getPrivate(), selfSigned(key, now, now.plus(Duration.ofDays(90))));
        c.save(tmp);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve(HostCertificate.FILE)))).isEqualTo("rw-------");
        HostCertificate back = HostCertificate.load(tmp).orElseThrow();
        assertThat(back.certificate()).isEqualTo(c.certificate());
        assertThat(back.key().getEncoded()).isEqualTo(key.getPrivate().getEncoded());
        assertThat(c.toString()).doesNotContain(HexFormat.of().formatHex(key.getPrivate().getEncoded()));
        // Renewal at two thirds: day 60 of 90.
        assertThat(Duration.between(now, c.renewAt()).toMinutes()).isBetween(60L * 24 * 60 - 1, 60L * 24 * 60);
    }

    @Test
    void theCsrIsForTheKeyAndAReturnedCertificateMustBeToo() throws Exception {
        KeyPair key = HostCertificate.newKey();
        PKCS10CertificationRequest csr = (PKCS10CertificationRequest) new PEMParser(new StringReader(HostCertificate.csr(key, "kvm-1"))).readObject();
        assertThat(csr.getSubjectPublicKeyInfo().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        KeyPair other = HostCertificate.newKey();
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(
                selfSigned(other, Instant.now(), Instant.now().plusSeconds(60)).getEncoded()) + "\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> HostCertificate.of(key, pem)).hasMessageContaining("another key");
    }

    @Test
    void aPinIsSha256HexAndMatchesOnlyThatCertificate() throws Exception {
        KeyPair key = HostCertificate.newKey();
        X509Certificate cert = selfSigned(key, Instant.now(), Instant.now().plusSeconds(60));
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        ServerPin pin = ServerPin.parse("sha256:" + hex.toUpperCase());
        assertThat(pin).hasToString("sha256:" + hex);
        assertThat(pin.matches(new X509Certificate[] {cert})).isTrue();
        assertThat(ServerPin.parse(hex.replaceAll("(..)(?!$)", "$1:")).matches(new X509Certificate[] {cert})).isTrue();
        X509Certificate other = selfSigned(HostCertificate.newKey(), Instant.now(), Instant.now().plusSeconds(60));
        assertThat(pin.matches(new X509Certificate[] {other})).isFalse();
        assertThat(ServerPin.parse(null)).isNull();
        assertThatThrownBy(() -> ServerPin.parse("sha256:abc")).hasMessageContaining("64 hex digits");
    }
}
