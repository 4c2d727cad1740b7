package io.drover.server.hosts;

import io.drover.server.identity.IdentitySettings;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.AgentHeartbeat;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.drover.server.testing.TestTls;
import io.drover.server.tls.CertificateAuthority;
import io.drover.server.tls.SigningRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agents and mutual TLS, once per store (subclasses): joining with a token and a CSR over HTTPS,
 * the link and image downloads with the client certificate only, refusals (none, a foreign CA,
 * expired, revoked), renewal, and hostile CSRs.
 */
abstract class AgentCertificateContract {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    TestServer api;

    abstract TestStores store();

    @BeforeEach
    void start() {
        // Many joins from one address (the hostile CSRs): the join rate limit has its own test.
        IdentitySettings d = IdentitySettings.defaults();
        api = TestServer.start(store(), tmp, c -> c.withIdentity(d.withRateLimits(d.loginsPerMinutePerAddress(), d.failuresPerUser(),
                d.failureWindow(), d.registrationsPerSecondPerAddress(), 1_000)));
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    String joinToken() throws Exception {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"ttl_seconds\": 60}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("token").asText();
    }

    HttpResponse<String> joinOverHttps(Map<String, Object> body) throws Exception {
        return TestTls.client(api.server(), null, null).send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/hosts/join")))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void joinTokensComeWithTheFingerprintAndTheCommandToPaste() throws Exception {
        JsonNode token = json(api.postAsAdmin("/api/v1/hosts/join-tokens", ""));
        String fingerprint = api.server().fingerprint();
        assertThat(fingerprint).matches("sha256:[0-9a-f]{64}");
        assertThat(token.get("server_fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(token.get("command").asText()).isEqualTo("drover-agent --server https://127.0.0.1:" + api.httpsPort()
                + " --server-fingerprint " + fingerprint + " --join-token " + token.get("token").asText());
    }

    @Test
    void anAgentJoinsOverHttpsWithItsCsrAndLinksWithTheCertificateItGot() throws Exception {
        try (FakeAgent agent = FakeAgent.join(api, "kvm-01")) {
            X509Certificate cert = agent.certificate;
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + agent.hostId);
            assertThat(cert.getPublicKey()).isEqualTo(agent.key.getPublic());
            assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
            long days = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
            assertThat(days).isEqualTo(90);
            await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("status").asText().equals("online"));
        }
    }

    @Test
    void aReusedOrExpiredTokenIsRefusedOverHttpsToo() throws Exception {
        String token = joinToken();
        assertThat(joinOverHttps(Map.of("join_token", token, "name", "a", "csr", TestTls.csr(TestTls.newKey(), "a"))).statusCode()).isEqualTo(201);
        assertProblem(joinOverHttps(Map.of("join_token", token, "name", "b", "csr", TestTls.csr(TestTls.newKey(), "b"))), 401, "already used");

        String shortLived = json(api.postAsAdmin("/api/v1/hosts/join-tokens", "{\"ttl_seconds\": 1}")).get("token").asText();
        Thread.sleep(1100);
        assertProblem(joinOverHttps(Map.of("join_token", shortLived, "name", "c", "csr", TestTls.csr(TestTls.newKey(), "c"))), 401, "expired");
        assertThat(json(api.get("/api/v1/hosts")).get("items")).hasSize(1);
    }

    /** The link's upgrade with this key and certificate; the status of a refused handshake, or 101. */
    int linkStatus(KeyPair key, X509Certificate cert) throws Exception {
        HttpClient client = TestTls.client(api.server(), key == null ? null : key.getPrivate(), cert);
        try {
            WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create(api.httpsUrl(AgentHeartbeat.PATH).replaceFirst("^https", "wss")),
                    new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            if (e.getCause() instanceof SSLException || e.getCause() instanceof IOException) return -1; // refused in the handshake
            throw e;
        }
    }

    HttpResponse<String> content(KeyPair key, X509Certificate cert, String image) throws Exception {
        return TestTls.client(api.server(), key == null ? null : key.getPrivate(), cert)
                .send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/images/" + image + "/content"))).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noForeignOrExpiredCertificateOpensTheLinkOrImageContent() throws Exception {
        assertThat(api.uploadImage(api.adminToken(), "disk", new byte[4096]).statusCode()).isEqualTo(201);
        FakeAgent.Joined joined = FakeAgent.joinOnly(api, "kvm-01");
        assertThat(linkStatus(joined.key(), joined.certificate())).isEqualTo(101);
        // The certificate opens the route; with no VM of the image placed on the host, the image is not revealed.
        assertProblem(content(joined.key(), joined.certificate(), "disk"), 404, "disk");

        // No certificate: a 401 problem at the upgrade, and for the content.
        assertThat(linkStatus(null, null)).isEqualTo(401);
        assertProblem(content(null, null, "disk"), 401, "client certificate");

        // Same host id, same key, but another CA: the TLS handshake refuses it.
        CertificateAuthority foreign = CertificateAuthority.inDir(tmp.resolve("foreign-ca"), Clock.systemUTC());
        SigningRequest csr = SigningRequest.parse(TestTls.csr(joined.key(), "kvm-01"));
        X509Certificate forged = foreign.issue(csr, joined.hostId(), Duration.ofDays(1));
        assertThat(linkStatus(joined.key(), forged)).isNotEqualTo(101);
        assertThatThrownBy(() -> content(joined.key(), forged, "disk")).isInstanceOf(IOException.class);

        // Ours, but expired: the handshake passes, the request is refused and says why.
        X509Certificate expired = api.server().certificateAuthority().issue(csr, joined.hostId(), Duration.ofMinutes(-1));
        assertThat(linkStatus(joined.key(), expired)).isEqualTo(401);
        assertProblem(content(joined.key(), expired, "disk"), 401, "client certificate");

        // Ours, valid, but never recorded (not issued through a join): refused as well.
        X509Certificate unrecorded = api.server().certificateAuthority().issue(csr, joined.hostId(), Duration.ofDays(1));
        assertThat(linkStatus(joined.key(), unrecorded)).isEqualTo(401);
    }

    @Test
    void removingAHostDropsItsLinkAtOnceAndItsCertificateOpensNothingAfter() throws Exception {
        try (FakeAgent agent = FakeAgent.join(api, "kvm-01")) {
            long before = System.nanoTime();
            assertThat(api.delete("/api/v1/hosts/" + agent.hostId, api.adminToken()).statusCode()).isEqualTo(204);
            assertThat(agent.closedWith(Duration.ofSeconds(1))).startsWith("4001");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));

            assertThat(linkStatus(agent.key, agent.certificate)).isEqualTo(401);
            assertProblem(content(agent.key, agent.certificate, "anything"), 401, "client certificate");
            assertThat(api.server().certificateAuthority().signed(agent.certificate)).as("still ours, but revoked").isTrue();
        }
    }

    @Test
    void anAgentRenewsItsOwnCertificateOverMutualTlsAndLinksWithTheNewOne() throws Exception {
        FakeAgent.Joined a = FakeAgent.joinOnly(api, "kvm-a");
        FakeAgent.Joined b = FakeAgent.joinOnly(api, "kvm-b");
        KeyPair next = TestTls.newKey();
        String body = JSON.writeValueAsString(Map.of("csr", TestTls.csr(next, "kvm-a")));
        HttpClient asA = TestTls.client(api.server(), a.key().getPrivate(), a.certificate());

        HttpResponse<String> renewed = asA.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/hosts/" + a.hostId() + "/certificate")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        X509Certificate fresh = TestTls.certificate(json(renewed).get("certificate").asText());
        assertThat(fresh.getSerialNumber()).isNotEqualTo(a.certificate().getSerialNumber());
        assertThat(fresh.getPublicKey()).isEqualTo(next.getPublic());
        assertThat(fresh.getSubjectX500Principal().getName()).isEqualTo("CN=" + a.hostId());
        assertThat(linkStatus(next, fresh)).isEqualTo(101);
        assertThat(linkStatus(a.key(), a.certificate())).as("the old one until it expires").isEqualTo(101);

        // Only for itself, only with a certificate, only with a CSR.
        assertProblem(asA.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/hosts/" + b.hostId() + "/certificate")))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()), 403, "own host");
        assertProblem(api.post("/api/v1/hosts/" + a.hostId() + "/certificate", body), 401, "client certificate");
        assertProblem(asA.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/hosts/" + a.hostId() + "/certificate")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()), 400, "csr is required");
    }

    @Test
    void hostileCsrsAreClearProblemsAndLeaveTheTokenUsable() throws Exception {
        String token = joinToken();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        KeyPair weak = rsa.generateKeyPair();
        String weakCsr = TestTls.pem(new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=x"), weak.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(weak.getPrivate())));
        // A CSR whose key is not the one that signed it: the key of one request with the signature of another.
        String signedByOther = TestTls.csr(TestTls.newKey(), "x");
        String good = TestTls.csr(TestTls.newKey(), "x");
        String tampered = swapBody(good, signedByOther);
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("", "csr is required");
        hostile.put("garbage", "CERTIFICATE REQUEST");
        hostile.put("-----BEGIN CERTIFICATE REQUEST-----\n!!!!not base64!!!!\n-----END CERTIFICATE REQUEST-----\n", "csr");
        hostile.put("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "csr");
        hostile.put("-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(20_000) + "\n-----END CERTIFICATE REQUEST-----\n", "longer than");
        hostile.put(TestTls.pem(api.server().tlsCertificate()), "CERTIFICATE REQUEST");
        hostile.put(weakCsr, "at least 2048");
        hostile.put(tampered, "csr");
        hostile.put("-----BEGIN CERTIFICATE REQUEST-----\n\u0000\u202e';DROP TABLE hosts;--\n-----END CERTIFICATE REQUEST-----", "csr");
        for (var e : hostile.entrySet()) {
            HttpResponse<String> r = joinOverHttps(Map.of("join_token", token, "name", "h", "csr", e.getKey()));
            assertProblem(r, 400, e.getValue());
            assertThat(r.body()).doesNotContain("Exception", "\tat ");
        }
        assertProblem(joinOverHttps(Map.of("join_token", token, "name", "h", "csr", 42)), 400, "");
        // Past the body limit of the API the request never reaches the CSR check: a 413 problem, not a 500.
        assertProblem(joinOverHttps(Map.of("join_token", token, "name", "h", "csr", "A".repeat(100_000))), 413, "");
        assertProblem(joinOverHttps(Map.of("join_token", token, "name", "h")), 400, "csr is required");
        assertThat(json(api.get("/api/v1/hosts")).get("items")).isEmpty();
        assertThat(joinOverHttps(Map.of("join_token", token, "name", "h", "csr", good)).statusCode()).isEqualTo(201);
    }

    /** {@code a} with the signature bytes of {@code b}: both are the same kind of request, so only the signature check fails. */
    private static String swapBody(String a, String b) throws Exception {
        var ra = (org.bouncycastle.pkcs.PKCS10CertificationRequest) new org.bouncycastle.openssl.PEMParser(new StringReader(a)).readObject();
        var rb = (org.bouncycastle.pkcs.PKCS10CertificationRequest) new org.bouncycastle.openssl.PEMParser(new StringReader(b)).readObject();
        var mixed = new org.bouncycastle.asn1.pkcs.CertificationRequest(ra.toASN1Structure().getCertificationRequestInfo(),
                rb.getSignatureAlgorithm(), new org.bouncycastle.asn1.DERBitString(rb.getSignature()));
        return TestTls.pem(new org.bouncycastle.pkcs.PKCS10CertificationRequest(mixed));
    }

    @Test
    void theCaAndServerKeysAreReadableByTheServerOnly() throws Exception {
        Path tls = tmp.resolve("data").resolve("tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ca.key")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("server.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(tls.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
