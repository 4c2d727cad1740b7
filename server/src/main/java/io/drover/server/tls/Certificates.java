package io.drover.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Small X.509 helpers shared by the server certificate and the CA; keys and signatures come from the JDK. */
final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    static KeyPair newEcKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    /** A random positive 127-bit serial, as RFC 5280 asks (at most 20 octets, unpredictable). */
    static BigInteger newSerial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
                                            BigInteger serial) {
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            String algorithm = "EC".equals(signer.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    /** Whether {@code key} is the private key of {@code cert}: a probe signed with it verifies with the certificate. */
    static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        try {
            String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] probe = {'d', 'r', 'o', 'v', 'e', 'r'};
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The serial as the store keeps it: lowercase hex. */
    static String serialHex(X509Certificate cert) {
        return cert.getSerialNumber().toString(16);
    }
}
