package io.drover.agent.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.protocol.CertificateRequest;
import io.drover.protocol.DaemonThreads;
import io.drover.protocol.JoinReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the host's client certificate at two thirds of its lifetime, without a restart: a new
 * key, a CSR sent over mutual TLS with the current certificate, the new pair stored and
 * installed, then {@code renewed} (the link reconnects with it). A failed renewal is tried again
 * after a tenth of the time left (1 s to 5 min), so a server that is down for a while does not
 * leave the host without a valid certificate if it comes back in time.
 */
public final class CertificateRenewal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentTls tls;
    private final String hostId;
    private final String hostName;
    private final Supplier<URI> server;
    private final Path dataDir;
    private final Runnable renewed;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("certificate-renewal"));

    /** @param server the server to renew with (the linked one, else the first configured) */
    public CertificateRenewal(AgentTls tls, String hostId, String hostName, Supplier<URI> server, Path dataDir, Runnable renewed) {
        this.tls = tls;
        this.hostId = hostId;
        this.hostName = hostName;
        this.server = server;
        this.dataDir = dataDir;
        this.renewed = renewed;
    }

    public void start() {
        Instant at = tls.certificate().renewAt();
        log.info("client certificate {} is valid until {}; renewing it at {}", tls.certificate().serial(), tls.certificate().notAfter(), at);
        schedule(Duration.between(Instant.now(), at));
    }

    private void schedule(Duration in) {
        try {
            timer.schedule(this::renew, Math.max(0, in.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void renew() {
        URI base = server.get();
        try {
            KeyPair key = HostCertificate.newKey();
            String body = JSON.writeValueAsString(new CertificateRequest(HostCertificate.csr(key, hostName)));
            HttpResponse<String> r = tls.client().send(HttpRequest.newBuilder(base.resolve("/api/v1/hosts/" + hostId + "/certificate"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException("the server answered HTTP " + r.statusCode() + ": " + r.body());
            JoinReply reply = JSON.readValue(r.body(), JoinReply.class);
            HostCertificate fresh = HostCertificate.of(key, reply.certificate());
            fresh.save(dataDir);
            HostCertificate.saveCa(dataDir, reply.caCertificate());
            tls.install(fresh);
            log.info("renewed the client certificate through {}: {} is valid until {}", base, fresh.serial(), fresh.notAfter());
            renewed.run();
            start();
        } catch (IOException | RuntimeException e) {
            Duration left = Duration.between(Instant.now(), tls.certificate().notAfter());
            Duration retry = Duration.ofMillis(Math.max(1000, Math.min(300_000, left.toMillis() / 10)));
            log.warn("renewing the client certificate through {} failed ({}); trying again in {} ms (it expires at {})",
                    base, e.getMessage(), retry.toMillis(), tls.certificate().notAfter());
            schedule(retry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
