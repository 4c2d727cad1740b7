package io.drover.agent.vms;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.function.Supplier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.drover.protocol.link.ImageRef;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {
    @TempDir
    Path tmp;

    final byte[] body = "pretend this is a raw disk image".repeat(5000).getBytes();
    final AtomicInteger fetches = new AtomicInteger();
    final List<String> auth = new CopyOnWriteArrayList<>();
    static final Supplier<HttpClient> HTTP = HttpClient::newHttpClient;
    HttpServer server;
    URI base;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/images/", ex -> {
            fetches.incrementAndGet();
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            try {
                Thread.sleep(200); // long enough for concurrent asks to overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (ex.getRequestURI().getPath().endsWith("/missing")) {
                ex.sendResponseHeaders(404, -1);
            } else if (ex.getRequestURI().getPath().endsWith("/flaky") && fetches.get() <= 2) {
                ex.sendResponseHeaders(503, -1); // the server restarting: fails twice, then serves
            } else {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    ImageCache cache() {
        return new ImageCache(new VmFiles(tmp), () -> base, HTTP, Duration.ofSeconds(10));
    }

    @Test
    void fetchesOnceVerifiesAndCaches() throws Exception {
        ImageCache cache = cache();
        ImageRef ref = new ImageRef("img-1", sha(body), "raw", body.length, body.length, "/api/v1/images/img-1/content");
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<Path>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) all.add(callers.submit(() -> cache.ensure(ref)));
        Path first = all.get(0).get();
        for (Future<Path> f : all) assertThat(f.get()).isEqualTo(first);
        callers.shutdown();
        assertThat(fetches).hasValue(1);
        assertThat(auth).as("no bearer credential: the client certificate is the credential").containsExactly((String) null);
        assertThat(first).isEqualTo(tmp.resolve("images/" + ref.sha256() + ".raw")).hasBinaryContent(body);
        assertThat(Files.getPosixFilePermissions(first)).isEqualTo(VmFiles.FILE);
        assertThat(Files.getPosixFilePermissions(first.getParent())).isEqualTo(VmFiles.DIR);
        assertThat(cache.ensure(ref)).isEqualTo(first);
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aChecksumMismatchFailsAndLeavesNothing() throws Exception {
        ImageRef ref = new ImageRef("img-1", "0".repeat(64), "qcow2", body.length, body.length, "/api/v1/images/img-1/content");
        assertThatThrownBy(() -> cache().ensure(ref)).isInstanceOf(ImageFetchFailed.class)
                .hasMessageContaining("SHA-256 " + sha(body)).hasMessageContaining("expected " + "0".repeat(64));
        try (var left = Files.list(tmp.resolve("images"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aServerThatFailsForAWhileIsAskedAgainWithinTheRetries() throws Exception {
        ImageCache patient = new ImageCache(new VmFiles(tmp), () -> base, HTTP, Duration.ofSeconds(10),
                List.of(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10)));
        ImageRef ref = new ImageRef("img-1", sha(body), "raw", body.length, body.length, "/api/v1/images/flaky");
        assertThat(Files.readAllBytes(patient.ensure(ref))).isEqualTo(body);
        assertThat(fetches.get()).isEqualTo(3);
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        ImageCache patient = new ImageCache(new VmFiles(tmp), () -> base, HTTP, Duration.ofSeconds(10),
                List.of(Duration.ofMillis(10), Duration.ofMillis(10)));
        ImageRef ref = new ImageRef("img-1", sha(body), "raw", 1, 1, "/api/v1/images/missing");
        assertThatThrownBy(() -> patient.ensure(ref)).isInstanceOf(ImageFetchFailed.class).hasMessageContaining("HTTP 404");
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void anHttpErrorFails() throws Exception {
        ImageRef ref = new ImageRef("img-1", sha(body), "raw", 1, 1, "/api/v1/images/missing");
        assertThatThrownBy(() -> cache().ensure(ref)).isInstanceOf(ImageFetchFailed.class).hasMessageContaining("HTTP 404");
    }

    @Test
    void theCredentialGoesOnlyToTheLinkedServer() throws Exception {
        for (String url : List.of("http://evil.example/x", "//evil.example/x", "relative/path", "file:///etc/passwd")) {
            ImageRef ref = new ImageRef("img-1", sha(body), "raw", 1, 1, url);
            assertThatThrownBy(() -> cache().ensure(ref)).as(url).isInstanceOf(ImageFetchFailed.class);
        }
        assertThat(fetches).hasValue(0);
    }
}
