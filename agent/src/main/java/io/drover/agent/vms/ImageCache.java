package io.drover.agent.vms;

import io.drover.protocol.link.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's cache of base images, {@code images/<sha256>.<format>}. An image is fetched from the
 * server the link is connected to on first use (over mutual TLS with the host's certificate), streamed to a
 * {@code .part} file while hashing, checked against its SHA-256 and only then renamed into place,
 * so a cached file is always a verified one. Concurrent requests for one image fetch it once.
 * Every image is also inspected with qemu-img ({@link ImageInspection}) when it arrives and each
 * time it is used: one naming a backing or data file would give the guest a file of the host.
 */
public final class ImageCache implements BaseImages {
    private static final Logger log = LoggerFactory.getLogger(ImageCache.class);

    private final VmFiles files;
    private final Supplier<URI> server;
    private final Supplier<HttpClient> http;
    private final Duration timeout;
    private final ConcurrentHashMap<String, Object> fetching = new ConcurrentHashMap<>();
    private final List<Duration> retryDelays;
    private final ImageInspection inspection;

    /**
     * Waits between attempts when a fetch fails in a way that may pass: the server restarting
     * (or failing over) must not fail the creates it had started. About 25 s in all.
     */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
            Duration.ofSeconds(8), Duration.ofSeconds(10));

    /**
     * @param server the base URL of the server to fetch from (the one the link is connected to)
     * @param http   the client to fetch with, asked on every fetch: it presents the host's current
     *               certificate (renewal replaces it) and must not follow redirects
     */
    public ImageCache(VmFiles files, Supplier<URI> server, Supplier<HttpClient> http, Duration timeout) {
        this(files, server, http, timeout, RETRY_DELAYS);
    }

    ImageCache(VmFiles files, Supplier<URI> server, Supplier<HttpClient> http, Duration timeout, List<Duration> retryDelays) {
        this.inspection = new ImageInspection("qemu-img");
        this.retryDelays = List.copyOf(retryDelays);
        this.files = files;
        this.server = server;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public Path ensure(ImageRef image) throws OperationFailed {
        Path target = files.image(image.sha256(), image.format());
        synchronized (fetching.computeIfAbsent(image.sha256(), k -> new Object())) {
            if (Files.isRegularFile(target)) {
                inspectCached(target, image);
                return target;
            }
            try {
                files.createImagesDir();
            } catch (IOException e) {
                throw new ImageFetchFailed("cannot create the image cache " + files.imagesDir() + ": " + e.getMessage(), e, false);
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    fetch(image, target);
                    return target;
                } catch (ImageFetchFailed e) {
                    if (!e.transientFailure() || attempt >= retryDelays.size()) throw e;
                    log.warn("{}; trying again in {} ms", e.getMessage(), retryDelays.get(attempt).toMillis());
                    sleep(retryDelays.get(attempt), image);
                }
            }
        }
    }

    /** Checks an image cached before (perhaps by an agent that did not inspect); an unsafe one is removed. */
    private void inspectCached(Path target, ImageRef image) throws OperationFailed {
        try {
            inspection.check(target, image.format());
        } catch (UnsafeImage e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException io) {
                log.warn("cannot remove the unsafe cached image {}: {}", target, io.getMessage());
            }
            throw e;
        }
    }

    private static void sleep(Duration delay, ImageRef image) throws ImageFetchFailed {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFetchFailed("fetching image " + image.id() + " was interrupted", false);
        }
    }

    private void fetch(ImageRef image, Path target) throws OperationFailed {
        URI url = source(image);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long started = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = http.get().send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ImageFetchFailed("fetching image " + image.id() + " from " + url + " answered HTTP "
                            + response.statusCode(), response.statusCode() >= 500);
                }
                try (OutputStream out = Files.newOutputStream(part)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        sha.update(buf, 0, n);
                        out.write(buf, 0, n);
                        size += n;
                    }
                }
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(image.sha256())) {
                throw new ImageFetchFailed("image " + image.id() + " from " + url + " has SHA-256 " + got + ", expected "
                        + image.sha256() + " (" + size + " bytes); not cached");
            }
            inspection.check(part, image.format());
            VmFiles.makeReadable(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("cached image {} ({} bytes) from {} in {} ms", image.sha256(), size, url, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new ImageFetchFailed("cannot fetch image " + image.id() + " from " + url + ": " + e.getMessage(), e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageFetchFailed("fetching image " + image.id() + " was interrupted", false);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                log.warn("cannot remove {}: {}", part, e.getMessage());
            }
        }
    }

    /**
     * The image URL: a path resolved against the linked server. An absolute URL is refused, so
     * the host's certificate is only ever presented to the server the agent pinned.
     */
    URI source(ImageRef image) throws ImageFetchFailed {
        URI path;
        try {
            path = URI.create(image.url());
        } catch (IllegalArgumentException e) {
            throw new ImageFetchFailed("the image url is not a valid path: " + SpecCheck.quoted(image.url()));
        }
        if (path.isAbsolute() || path.getRawAuthority() != null || !image.url().startsWith("/")) {
            throw new ImageFetchFailed("the image url must be a path on the server, got " + SpecCheck.quoted(image.url()));
        }
        URI base = server.get();
        if (base == null) throw new ImageFetchFailed("not linked to a server to fetch image " + image.id() + " from", true);
        return base.resolve(path);
    }
}
