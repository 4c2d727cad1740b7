package io.drover.server.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An agent's PKCS#10 CSR, checked: PEM of at most {@link #MAX_PEM_CHARS}, signed by its own key
 * (so the agent holds the key), and that key EC P-256/P-384 or RSA of 2048 bits or more. Only
 * the key is taken from it: the server decides the subject and everything else.
 */
public final class SigningRequest {
    public static final int MAX_PEM_CHARS = 16 * 1024;

    private final PublicKey publicKey;

    private SigningRequest(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    public static SigningRequest parse(String pem) {
        if (pem == null || pem.isBlank()) throw new InvalidCsr("csr is required: a PEM PKCS#10 certificate signing request");
        if (pem.length() > MAX_PEM_CHARS) throw new InvalidCsr("csr is longer than " + MAX_PEM_CHARS + " characters");
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // The parser's own message names its exceptions; the client learns only what is wrong.
            throw new InvalidCsr("csr is not a readable PEM 'CERTIFICATE REQUEST' (PKCS#10)");
        }
        if (!(parsed instanceof PKCS10CertificationRequest request)) {
            throw new InvalidCsr("csr must be a PEM 'CERTIFICATE REQUEST' (PKCS#10)");
        }
        PublicKey key;
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
            key = jca.getPublicKey();
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new InvalidCsr("the csr's signature does not verify with its own key");
            }
        } catch (InvalidCsr e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidCsr("the csr's key or signature cannot be read");
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            if (bits != 256 && bits != 384) throw new InvalidCsr("EC keys must be P-256 or P-384");
        } else if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) throw new InvalidCsr("RSA keys must have at least 2048 bits");
        } else {
            throw new InvalidCsr("the csr's key must be EC (P-256) or RSA");
        }
        return new SigningRequest(key);
    }

    public PublicKey publicKey() {
        return publicKey;
    }
}
