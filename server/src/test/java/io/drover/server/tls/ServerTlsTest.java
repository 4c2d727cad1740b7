package io.drover.server.tls;

import java.io.IOException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.testing.TestTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS port: the self-signed certificate made once and kept, the operator's when given, and --http-port beside it. */
class ServerTlsTest {
    @TempDir
    Path tmp;

    ServerConfig config(TlsSettings tls) {
        return ServerConfig.defaults(tmp.resolve("data")).withBind("127.0.0.1").withPort(0).withTls(tls);
    }

    /** The certificate the server presents on {@code port}, read without trusting it. */
    static X509Certificate presented(int port) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theSelfSignedCertificateIsMadeOnceAndKeptSoItsFingerprintStaysTheSame() throws Exception {
        String first;
        X509Certificate cert;
        try (DroverServer server = DroverServer.start(config(TlsSettings.defaults()))) {
            first = server.fingerprint();
            cert = presented(server.port());
            assertThat(Fingerprint.of(cert)).isEqualTo(first);
            assertThat(server.httpPort()).as("no plain HTTP unless asked").isEqualTo(-1);
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            List<Object> names = new ArrayList<>();
            for (List<?> san : sans) names.add(san.get(1));
            assertThat(names).contains("localhost", "127.0.0.1");
            assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
            // It verifies as what it says it is: trusting it, a client reaches the API by 127.0.0.1 with hostname checks on.
            HttpClient trusting = TestTls.client(server, null, null);
            assertThat(get(trusting, "https://127.0.0.1:" + server.port() + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(trusting, "https://localhost:" + server.port() + "/healthz").statusCode()).isEqualTo(200);
        }
        try (DroverServer again = DroverServer.start(config(TlsSettings.defaults()))) {
            assertThat(again.fingerprint()).isEqualTo(first);
            assertThat(presented(again.port())).isEqualTo(cert);
        }
    }

    @Test
    void thePlainHttpPortServesBesideHttpsOnlyWhenAsked() throws Exception {
        try (DroverServer server = DroverServer.start(config(TlsSettings.defaults().withHttpPort(0)))) {
            assertThat(server.httpPort()).isPositive().isNotEqualTo(server.port());
            assertThat(get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.httpPort() + "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(TestTls.client(server, null, null), "https://127.0.0.1:" + server.port() + "/healthz").statusCode()).isEqualTo(200);
            // install.sh served over HTTPS carries the key pin; over plain HTTP it has none to carry.
            String overTls = get(TestTls.client(server, null, null), "https://127.0.0.1:" + server.port() + "/install.sh").body();
            assertThat(overTls).contains("DROVER_URL='https://127.0.0.1:" + server.port() + "'",
                    "DROVER_PIN='" + Fingerprint.publicKeyPin(server.tlsCertificate()) + "'");
            String plain = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.httpPort() + "/install.sh").body();
            assertThat(plain).contains("DROVER_PIN=''").doesNotContain("__DROVER_PIN__");
            // Plain HTTP on the HTTPS port is not answered as if it were fine.
            boolean refused;
            try {
                refused = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + server.port() + "/healthz").statusCode() != 200;
            } catch (IOException e) {
                refused = true;
            }
            assertThat(refused).isTrue();
        }
    }

    static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void theOperatorsCertificateIsUsedWhenGivenAndNoSelfSignedOneIsMade() throws Exception {
        // openssl's own formats: a traditional "EC PRIVATE KEY" and a certificate for 127.0.0.1.
        openssl(tmp, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "op.key");
        openssl(tmp, "req", "-x509", "-new", "-key", "op.key", "-out", "op.crt", "-days", "2", "-subj", "/CN=drover.example",
                "-addext", "subjectAltName=DNS:drover.example,IP:127.0.0.1");
        assertThat(Files.readString(tmp.resolve("op.key"))).contains("BEGIN EC PRIVATE KEY");
        X509Certificate operator = Pem.certificates(Files.readString(tmp.resolve("op.crt"))).get(0);
        try (DroverServer server = DroverServer.start(config(TlsSettings.defaults().withOperatorCertificate(tmp.resolve("op.crt"), tmp.resolve("op.key"))))) {
            assertThat(presented(server.port())).isEqualTo(operator);
            assertThat(server.fingerprint()).isEqualTo(Fingerprint.of(operator));
            assertThat(tmp.resolve("data/tls/server.crt")).doesNotExist();
            assertThat(tmp.resolve("data/tls/ca.key")).as("the agent CA is Drover's own either way").exists();
            assertThat(get(TestTls.client(server, null, null), "https://127.0.0.1:" + server.port() + "/healthz").statusCode()).isEqualTo(200);
        }

        // A key that is not the certificate's: the server does not start, and says why.
        openssl(tmp, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
        assertThatThrownBy(() -> DroverServer.start(config(TlsSettings.defaults().withOperatorCertificate(tmp.resolve("op.crt"), tmp.resolve("other.key")))))
                .hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> new TlsSettings(tmp.resolve("op.crt"), null, null, false, null)).hasMessageContaining("go together");
    }
}
