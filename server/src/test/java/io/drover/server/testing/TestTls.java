package io.drover.server.testing;

import io.drover.server.DroverServer;
import io.drover.server.tls.Pem;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** What tests need to be an agent over TLS: keys, CSRs, and JDK clients that trust the test server and present a client certificate. */
public final class TestTls {
    private TestTls() {}

    public static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM PKCS#10 CSR for {@code key}. */
    public static String csr(KeyPair key, String cn) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return pem(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object value) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A client that trusts {@code server}'s certificate and presents {@code cert} (none when null). */
    public static HttpClient client(DroverServer server, PrivateKey key, X509Certificate cert) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context(server.tlsCertificate(), key, cert)).build();
    }

    public static SSLContext context(X509Certificate serverCert, PrivateKey key, X509Certificate cert) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", serverCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (key != null) keys.setKeyEntry("agent", key, new char[0], new Certificate[] {cert});
            kmf.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate certificate(String pem) {
        try {
            return Pem.certificates(pem).get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
