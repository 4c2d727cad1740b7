package io.drover.server.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How clients pin a certificate: {@code sha256:HEX} of the whole certificate (agents,
 * {@code --server-fingerprint}) and {@code sha256//BASE64} of its public key (curl's
 * {@code --pinnedpubkey}, used by install.sh's tracker).
 */
public final class Fingerprint {
    private Fingerprint() {}

    /** {@code sha256:} and the lowercase hex SHA-256 of the certificate's DER. */
    public static String of(X509Certificate cert) {
        try {
            return "sha256:" + HexFormat.of().formatHex(sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256//} and the base64 SHA-256 of the certificate's SubjectPublicKeyInfo, as curl wants it. */
    public static String publicKeyPin(X509Certificate cert) {
        return "sha256//" + Base64.getEncoder().encodeToString(sha256(cert.getPublicKey().getEncoded()));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
