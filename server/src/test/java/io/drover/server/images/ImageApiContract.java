package io.drover.server.images;

import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import static io.drover.server.testing.ApiAssertions.TIME;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.protocol.link.AgentCommand;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import io.drover.server.testing.TestTls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image routes over HTTP against a real server, once per store (subclasses). */
abstract class ImageApiContract {
    static final String BOUNDARY = ImageUploadStreamingTest.BOUNDARY;

    @TempDir
    Path tmp;
    TestServer api;
    Path imagesDir;

    abstract TestStores store();

    @BeforeEach
    void start() {
        // Files the tests register by path lie in tmp; the server's data dir (tmp/data) stays out of bounds.
        api = TestServer.start(store(), tmp, c -> c.withImageDirs(List.of(tmp)));
        imagesDir = tmp.resolve("data").resolve("images");
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (api != null) api.close();
    }

    // --- requests ---

    private FakeAgent agent;

    /**
     * The linked host {@code agent-01} with a VM of {@code image} placed on it (the create sent, not
     * answered): a host may fetch only the images of VMs placed on it.
     */
    FakeAgent hostWithVmOf(String image) throws Exception {
        if (agent == null) {
            agent = FakeAgent.join(api, "agent-01");
            await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + agent.hostId)).get("status").asText().equals("online"));
        }
        placeVm(agent, "vm-" + image.toLowerCase(Locale.ROOT).replace('.', '-').replace('_', '-'), image, "default");
        return agent;
    }

    /** Creates a VM of {@code image} in {@code project} and waits until {@code host} is told to make it. */
    void placeVm(FakeAgent host, String name, String image, String project) throws Exception {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + name + "\",\"project\":\"" + project
                + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"" + image + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(host.expectCommand(AgentCommand.CREATE).get("vm").get("name").asText()).isEqualTo(name);
    }

    /** A GET as the host agent {@code agent-01} (mutual TLS with its certificate). */
    HttpResponse<String> asAgent(String path) throws Exception {
        if (agent == null) agent = FakeAgent.join(api, "agent-01");
        return TestTls.client(api.server(), agent.key.getPrivate(), agent.certificate)
                .send(HttpRequest.newBuilder(URI.create(api.httpsUrl(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> fetch(FakeAgent host, String image) throws Exception {
        return TestTls.client(api.server(), host.key.getPrivate(), host.certificate)
                .send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/images/" + image + "/content"))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(api.url(path))).header("Authorization", "Bearer " + api.adminToken());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return api.client().send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> registerPath(String json) {
        return send(admin("/api/v1/images").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> registerPath(String name, Path path) {
        return registerPath("{\"name\":\"" + name + "\",\"path\":\"" + path + "\"}");
    }

    HttpResponse<String> uploadRaw(String query, HttpRequest.BodyPublisher body) {
        return send(admin("/api/v1/images?" + query).header("Content-Type", "application/octet-stream").POST(body));
    }

    HttpResponse<String> uploadRaw(String name, byte[] body) {
        return uploadRaw("name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), HttpRequest.BodyPublishers.ofByteArray(body));
    }

    HttpResponse<String> uploadForm(HttpRequest.BodyPublisher body) {
        return send(admin("/api/v1/images").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY).POST(body));
    }

    HttpResponse<String> uploadForm(byte[] file, String... fields) {
        return uploadForm(HttpRequest.BodyPublishers.ofByteArray(ImageUploadStreamingTest.form(BOUNDARY, file, fields)));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    JsonNode created(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode image = json(r);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/images/" + image.get("id").asText());
        return image;
    }

    List<Path> imageFiles() throws Exception {
        try (Stream<Path> s = Files.list(imagesDir)) {
            return s.toList();
        }
    }

    List<Path> partFiles() throws Exception {
        return imageFiles().stream().filter(p -> p.getFileName().toString().endsWith(UploadFile.SUFFIX)).toList();
    }

    static byte[] iso(int size) {
        byte[] iso = Noise.bytes(size, 11);
        iso[32768] = 1;
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, 32769, 5);
        return iso;
    }

    // --- tests ---

    @Test
    void aQcow2MadeByQemuImgIsRegisteredByPathWithItsVirtualSize() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed");
        Path qcow2 = tmp.resolve("base.qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-f", "qcow2", qcow2.toString(), "64M").redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();

        JsonNode image = created(registerPath("debian-12", qcow2));
        assertThat(image.get("name").asText()).isEqualTo("debian-12");
        assertThat(image.get("format").asText()).isEqualTo("qcow2");
        assertThat(image.get("virtual_size_bytes").asLong()).isEqualTo(64L << 20);
        assertThat(image.get("size_bytes").asLong()).isEqualTo(Files.size(qcow2));
        assertThat(image.get("sha256").asText()).isEqualTo(sha256(qcow2));
        assertThat(image.get("source").asText()).isEqualTo("path");
        assertThat(image.get("path").asText()).isEqualTo(qcow2.toString());
        assertThat(image.get("created_at").asText()).matches(TIME);
        assertThat(imageFiles()).as("registered by path: not copied").isEmpty();

        // By id and by name; the public Java API says the same.
        String id = image.get("id").asText();
        assertThat(json(api.get("/api/v1/images/" + id))).isEqualTo(image);
        assertThat(json(api.get("/api/v1/images/debian-12"))).isEqualTo(image);

        assertProblem(registerPath("{\"name\":\"as-iso\",\"path\":\"" + qcow2 + "\",\"format\":\"iso\"}"), 400, "format iso was given but the file is qcow2");
        JsonNode asRaw = created(registerPath("{\"name\":\"as-raw\",\"path\":\"" + qcow2 + "\",\"format\":\"raw\"}"));
        assertThat(asRaw.get("format").asText()).isEqualTo("raw");
        assertThat(asRaw.get("virtual_size_bytes").asLong()).isEqualTo(Files.size(qcow2));
    }

    @Test
    void formatsAreDetectedFromTheFileAndAClaimThatContradictsItIsRefused() throws Exception {
        Path iso = Files.write(tmp.resolve("seed.iso"), iso(48 * 1024));
        Path raw = Files.write(tmp.resolve("disk.img"), Noise.bytes(1 << 20, 5));
        Path qcow2 = Files.write(tmp.resolve("hand.qcow2"), ImageFormatProbeTest.qcow2(3, 10L << 30, 0, 4096));

        JsonNode isoImage = created(registerPath("seed", iso));
        assertThat(isoImage.get("format").asText()).isEqualTo("iso");
        assertThat(isoImage.get("virtual_size_bytes").asLong()).isEqualTo(48 * 1024);
        JsonNode rawImage = created(registerPath("disk", raw));
        assertThat(rawImage.get("format").asText()).isEqualTo("raw");
        assertThat(rawImage.get("virtual_size_bytes").asLong()).isEqualTo(1 << 20);
        JsonNode qcowImage = created(uploadRaw("hand", Files.readAllBytes(qcow2)));
        assertThat(qcowImage.get("format").asText()).isEqualTo("qcow2");
        assertThat(qcowImage.get("virtual_size_bytes").asLong()).isEqualTo(10L << 30);
        assertThat(qcowImage.get("size_bytes").asLong()).isEqualTo(4096);

        assertProblem(registerPath("{\"name\":\"x\",\"path\":\"" + raw + "\",\"format\":\"qcow2\"}"), 400, "format qcow2 was given but the file is raw");
        assertProblem(uploadForm(Files.readAllBytes(iso), "name", "x", "format", "qcow2"), 400, "format qcow2 was given but the file is iso");
        assertProblem(registerPath("{\"name\":\"x\",\"path\":\"" + raw + "\",\"format\":\"vmdk\"}"), 400, "format must be qcow2, raw or iso");
        Path backed = Files.write(tmp.resolve("overlay.qcow2"), ImageFormatProbeTest.qcow2(3, 1 << 30, 512, 4096));
        assertProblem(registerPath("overlay", backed), 400, "backing file");
        assertProblem(uploadRaw("empty", new byte[0]), 400, "empty");
        assertThat(partFiles()).isEmpty();
    }

    /** Issue 10, finding 1: qcow2 images whose header makes QEMU open a host file, and ISO/qcow2 polyglots. */
    @Test
    void aQcow2ThatWouldReadAHostFileOrAPolyglotIsRefusedEveryWayAndNothingIsStored() throws Exception {
        Path made = Files.createDirectories(tmp.resolve("made"));
        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("external data file", HostileImages.qcow2NamingDataFile(made, "/etc/shadow"));
        hostile.put("backing file", HostileImages.qcow2WithBackingFile(made, "/etc/shadow"));
        hostile.put("both a qcow2 image and an ISO 9660 image", HostileImages.isoQcow2Polyglot(made));
        int n = 0;
        for (var attack : hostile.entrySet()) {
            byte[] bytes = attack.getValue();
            Path file = Files.write(tmp.resolve("hostile-" + n++ + ".qcow2"), bytes);
            assertProblem(uploadRaw("hostile", bytes), 400, attack.getKey());
            assertProblem(uploadRaw("name=hostile&format=qcow2", HttpRequest.BodyPublishers.ofByteArray(bytes)), 400, attack.getKey());
            assertProblem(uploadForm(bytes, "name", "hostile"), 400, attack.getKey());
            assertProblem(registerPath("hostile", file), 400, attack.getKey());
        }
        assertThat(json(api.get("/api/v1/images")).get("items")).isEmpty();
        assertThat(imageFiles()).as("no upload kept, no part file left").isEmpty();
    }

    @Test
    void aMultipartUploadIsStoredWithTheChecksumOfItsBytes() throws Exception {
        byte[] file = Noise.bytes(3 << 20, 21);
        JsonNode image = created(uploadForm(file, "name", "alpine-3.20", "format", "raw"));
        assertThat(image.get("source").asText()).isEqualTo("upload");
        assertThat(image.has("path")).as("an upload's file is Drover's business").isFalse();
        assertThat(image.get("sha256").asText()).isEqualTo(sha256(file));
        assertThat(image.get("size_bytes").asLong()).isEqualTo(file.length);
        Path stored = imagesDir.resolve(image.get("id").asText());
        assertThat(imageFiles()).containsExactly(stored);
        assertThat(Files.readAllBytes(stored)).isEqualTo(file);
    }

    @Test
    void aLargeRawUploadIsStreamedToDiskWhileItArrives() throws Exception {
        // 200 MiB: at half way the test waits until the server has written most of that half to its
        // temp file, which it could not do if it held the body in memory until the end.
        long size = 200L << 20;
        AtomicLong seenOnDisk = new AtomicLong();
        Noise body = new Noise(size, 42, () -> await().atMost(Duration.ofSeconds(20)).until(() -> {
            long onDisk = 0;
            for (Path part : partFiles()) onDisk = Math.max(onDisk, Files.size(part));
            seenOnDisk.set(onDisk);
            return onDisk >= (size / 2) - (8L << 20);
        }));
        JsonNode image = created(uploadRaw("name=big&format=raw", HttpRequest.BodyPublishers.ofInputStream(() -> body)));
        assertThat(seenOnDisk.get()).isGreaterThan(90L << 20);
        assertThat(image.get("size_bytes").asLong()).isEqualTo(size);
        assertThat(image.get("sha256").asText()).isEqualTo(Noise.sha256(size, 42));
        assertThat(Files.size(imagesDir.resolve(image.get("id").asText()))).isEqualTo(size);
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aLargeMultipartUploadIsStreamedToDiskWhileItArrives() throws Exception {
        long size = 64L << 20;
        AtomicLong seenOnDisk = new AtomicLong();
        byte[] head = new String(ImageUploadStreamingTest.form(BOUNDARY, new byte[0], "name", "big-form"), StandardCharsets.ISO_8859_1)
                .replace("\r\n--" + BOUNDARY + "--\r\n", "").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        Noise file = new Noise(size, 43, () -> await().atMost(Duration.ofSeconds(20)).until(() -> {
            long onDisk = 0;
            for (Path part : partFiles()) onDisk = Math.max(onDisk, Files.size(part));
            seenOnDisk.set(onDisk);
            return onDisk >= (size / 2) - (8L << 20);
        }));
        InputStream form = new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head), file), new ByteArrayInputStream(tail));
        JsonNode image = created(uploadForm(HttpRequest.BodyPublishers.ofInputStream(() -> form)));
        assertThat(seenOnDisk.get()).isGreaterThan(20L << 20);
        assertThat(image.get("size_bytes").asLong()).isEqualTo(size);
        assertThat(image.get("sha256").asText()).isEqualTo(Noise.sha256(size, 43));
    }

    @Test
    void anUploadTheClientAbandonsLeavesNoFileAndNoImage() throws Exception {
        for (String type : List.of("application/octet-stream", "multipart/form-data; boundary=" + BOUNDARY)) {
            byte[] start = type.startsWith("multipart")
                    ? new String(ImageUploadStreamingTest.form(BOUNDARY, new byte[0], "name", "gone"), StandardCharsets.ISO_8859_1)
                            .replace("\r\n--" + BOUNDARY + "--\r\n", "").getBytes(StandardCharsets.ISO_8859_1)
                    : new byte[0];
            try (Socket socket = RawHttp.connect(api.tls(), api.httpsPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/images?name=gone HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + api.adminToken()
                        + "\r\nContent-Type: " + type + "\r\nContent-Length: " + (64L << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(start);
                out.write(Noise.bytes(4 << 20, 1));
                out.flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> !partFiles().isEmpty());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> imageFiles().isEmpty());
            assertThat(json(api.get("/api/v1/images")).get("items")).isEmpty();
        }
        // The name was never taken.
        created(uploadRaw("gone", new byte[] {1, 2, 3}));
    }

    @Test
    void anUploadClaimingMoreThanTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (Socket socket = RawHttp.connect(api.tls(), api.httpsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /api/v1/images?name=huge HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + api.adminToken() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (Images.MAX_UPLOAD_BYTES + 1)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        assertThat(imageFiles()).isEmpty();
    }

    @Test
    void aTakenNameIsAConflictWhicheverWayTheImageComes() throws Exception {
        Path raw = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        created(registerPath("ubuntu", raw));
        assertProblem(registerPath("ubuntu", raw), 409, "an image named ubuntu already exists");
        assertProblem(uploadRaw("ubuntu", new byte[] {1}), 409, "already exists");
        assertProblem(uploadForm(new byte[] {1}, "name", "ubuntu"), 409, "already exists");
        assertThat(json(api.get("/api/v1/images")).get("items")).hasSize(1);
        assertThat(imageFiles()).isEmpty();
    }

    @Test
    void badNamesAreRefusedEveryWay() throws Exception {
        Path raw = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        for (String bad : List.of("../etc", "a\\\"b", "it's", "x".repeat(64), "übuntu", "with space", "a/b", ".hidden", "-rf")) {
            String detail = bad.length() > 63 ? "longer than 63" : bad.equals(".hidden") || bad.equals("-rf") ? "must start with" : "may only contain";
            assertProblem(registerPath("{\"name\":\"" + bad + "\",\"path\":\"" + raw + "\"}"), 400, detail);
            String plain = bad.replace("\\\"", "\"");
            assertProblem(uploadRaw(plain, new byte[] {1}), 400, detail);
            assertProblem(uploadForm(new byte[] {1}, "name", plain), 400, detail);
        }
        assertProblem(registerPath("{\"path\":\"" + raw + "\"}"), 400, "name is required");
        assertProblem(uploadRaw("format=raw", HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})), 400, "name is required");
        assertProblem(uploadForm(new byte[] {1}), 400, "name is required");
        assertProblem(registerPath("0b4f8d6e-1c2a-4e5f-9a7b-3c2d1e0f9a8b", raw), 400, "form of an image id");
        created(registerPath("x".repeat(63), raw));
        created(registerPath("Ubuntu_24.04-server", raw));
        assertThat(json(api.get("/api/v1/images")).get("items")).hasSize(2);
    }

    @Test
    void aPathThatIsNotAReadableFileIsRefusedSayingWhy() throws Exception {
        assertProblem(registerPath("missing", tmp.resolve("nope.qcow2")), 400, "no image file " + tmp.resolve("nope.qcow2") + " in an image directory");
        assertProblem(registerPath("{\"name\":\"rel\",\"path\":\"images/disk.img\"}"), 400, "path must be absolute");
        Path dir = Files.createDirectories(tmp.resolve("subdir"));
        assertProblem(registerPath("dir", dir), 400, "is a directory");
        assertProblem(registerPath("{\"name\":\"nopath\"}"), 400, "path is required");
        Path fifo = tmp.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertProblem(registerPath("fifo", fifo), 400, "not a regular file");
        }
        Path own = Files.write(imagesDir.resolve("sneaky"), new byte[] {1});
        assertProblem(registerPath("own", own), 400, "no image file " + own + " in an image directory");
        Files.delete(own);
        assertProblem(registerPath("{not json"), 400, "invalid JSON");
        assertProblem(send(admin("/api/v1/images").header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x"))),
                415, "text/plain");
        assertProblem(send(admin("/api/v1/images").header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.ofString("x"))),
                400, "boundary");
        assertThat(json(api.get("/api/v1/images")).get("items")).isEmpty();
    }

    /**
     * Issue 10, finding 2: registration by path read any file the server could (the agent CA's key,
     * the TLS key, secret.key, the H2 database, /etc/shadow; through symlinks and .. too), and hosts
     * then downloaded it. Now only files in an image directory are, resolved first, never in the
     * data dir, and the answer for a forbidden file is the answer for a missing one.
     */
    @Test
    void registrationByPathReadsNoFileOutsideTheImageDirsAndDoesNotTellWhetherItExists() throws Exception {
        Path data = tmp.resolve("data");
        Path out = Files.createDirectories(tmp.getParent().resolve(tmp.getFileName() + "-outside"));
        try {
            Path outside = Files.write(out.resolve("disk.img"), new byte[4096]);
            Files.createSymbolicLink(tmp.resolve("shadow-link"), Path.of("/etc/shadow"));
            Files.createSymbolicLink(tmp.resolve("ca-link"), data.resolve("tls/ca.key"));
            Files.createSymbolicLink(tmp.resolve("outside-link"), outside);
            Files.createSymbolicLink(tmp.resolve("outside-dir"), out);
            List<String> forbidden = List.of(data.resolve("tls/ca.key").toString(), data.resolve("tls/server.key").toString(),
                    data.resolve("secret.key").toString(), data.resolve("drover.mv.db").toString(), "/etc/shadow", "/etc/passwd",
                    tmp + "/../" + tmp.getFileName() + "/data/secret.key", tmp + "/data/../../../etc/shadow", tmp + "/subdir/../../../etc/passwd",
                    tmp.resolve("shadow-link").toString(), tmp.resolve("ca-link").toString(), tmp.resolve("outside-link").toString(),
                    tmp.resolve("outside-dir/disk.img").toString(), outside.toString(), "/proc/self/environ", "/dev/zero");
            List<String> missing = List.of("/etc/no-such-file", tmp.resolve("nope").toString(), data.resolve("nope").toString(), "/no/such/dir/x");
            for (String path : forbidden) {
                if (path.startsWith(data.toString()) && path.endsWith(".key")) assertThat(Path.of(path)).as("the server's own file").exists();
            }
            Map<String, String> answers = new TreeMap<>();
            for (String path : Stream.concat(forbidden.stream(), missing.stream()).toList()) {
                HttpResponse<String> r = registerPath("{\"name\":\"stolen\",\"path\":\"" + path + "\"}");
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
                answers.put(path, json(r).get("detail").asText().replace(path, "PATH"));
            }
            assertThat(Set.copyOf(answers.values())).as("one answer for forbidden and missing files: " + answers).hasSize(1);
            assertThat(answers.values().iterator().next()).startsWith("no image file PATH in an image directory");
            assertThat(json(api.get("/api/v1/images")).get("items")).isEmpty();

            // A link inside the image dir to a file inside it is fine, and stored as the file it resolves to.
            Path disk = Files.write(tmp.resolve("disk.img"), new byte[4096]);
            Files.createSymbolicLink(tmp.resolve("disk-link"), disk);
            JsonNode image = created(registerPath("linked", tmp.resolve("disk-link")));
            assertThat(image.get("path").asText()).isEqualTo(disk.toRealPath().toString());
            hostWithVmOf("linked");
            // A registered file later swapped for a link out of the image dirs is not served.
            Files.delete(disk);
            Files.createSymbolicLink(disk, data.resolve("secret.key"));
            assertProblem(asAgent("/api/v1/images/linked/content"), 410, "no longer in an image directory");
        } finally {
            try (Stream<Path> left = Files.walk(out)) {
                left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void onlyAnAdminRegistersByPathAndWithoutImageDirsNobodyDoes() throws Exception {
        Path disk = Files.write(tmp.resolve("disk.img"), new byte[4096]);
        String operator = api.userToken("ops", "operator", "default");
        HttpResponse<String> r = api.as(operator, "POST", "/api/v1/images", "{\"name\":\"ops\",\"path\":\"" + disk + "\"}");
        assertProblem(r, 403, "needs the admin role");
        assertProblem(api.as(operator, "POST", "/api/v1/images", "{\"name\":\"ops\",\"path\":\"/etc/shadow\"}"), 403, "needs the admin role");
        assertThat(api.uploadImage(operator, "ops", new byte[4096]).statusCode()).as("an operator uploads instead").isEqualTo(201);

        api.close();
        api = TestServer.start(store(), tmp.resolve("second"), c -> c);
        assertProblem(registerPath("off", disk), 400, "registering images by server path is off on this server");
        assertProblem(registerPath("{\"name\":\"off\",\"path\":\"/etc/shadow\"}"), 400, "is off on this server");
        assertThat(json(api.get("/api/v1/images")).get("items")).isEmpty();
    }

    @Test
    void changesNeedAUserWhoMayWriteImages() throws Exception {
        Path raw = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        assertProblem(api.post("/api/v1/images", "{\"name\":\"a\",\"path\":\"" + raw + "\"}"), 401, "sign in");
        String id = created(registerPath("a", raw)).get("id").asText();
        assertProblem(api.delete("/api/v1/images/" + id, null), 401, "sign in");
        assertProblem(api.delete("/api/v1/images/" + id, "dat_wrong"), 401, "not a valid API token");
    }

    @Test
    void deleteRemovesAnUploadsFileButNeverAnOperatorsFile() throws Exception {
        Path operators = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        String byPath = created(registerPath("theirs", operators)).get("id").asText();
        String uploaded = created(uploadRaw("ours", Noise.bytes(4096, 2))).get("id").asText();
        assertThat(imageFiles()).containsExactly(imagesDir.resolve(uploaded));

        assertThat(api.delete("/api/v1/images/ours", api.adminToken()).statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/v1/images/" + uploaded), 404, uploaded);
        assertThat(imageFiles()).isEmpty();
        assertThat(api.delete("/api/v1/images/" + byPath, api.adminToken()).statusCode()).isEqualTo(204);
        assertProblem(api.get("/api/v1/images/theirs"), 404, "theirs");
        assertThat(operators).exists();
        assertProblem(api.delete("/api/v1/images/" + byPath, api.adminToken()), 404, byPath);
    }

    @Test
    void anAgentDownloadsTheContentWithItsClientCertificate() throws Exception {
        byte[] file = Noise.bytes((1 << 20) + 123, 9);
        JsonNode image = created(uploadRaw("fetch-me", file));
        String content = "/api/v1/images/" + image.get("id").asText() + "/content";
        FakeAgent host = hostWithVmOf("fetch-me");
        HttpClient agent = TestTls.client(api.server(), host.key.getPrivate(), host.certificate);

        HttpResponse<byte[]> got = agent.send(HttpRequest.newBuilder(URI.create(api.httpsUrl(content))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(file);
        assertThat(got.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(got.headers().firstValueAsLong("Content-Length")).hasValue(file.length);
        assertThat(got.headers().firstValue("X-Checksum-Sha256")).hasValue(sha256(file));
        assertThat(got.headers().firstValue("Digest")).hasValue("sha-256="
                + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(file)));

        // By name as well; users (even admins) are not agents.
        HttpResponse<byte[]> byName = agent.send(HttpRequest.newBuilder(URI.create(api.httpsUrl("/api/v1/images/fetch-me/content"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(byName.body()).isEqualTo(file);
        assertProblem(api.get(content), 401, "client certificate");

        // No certificate over HTTPS, and an old bearer host credential is no credential; the plain port serves no API at all.
        assertProblem(api.send(HttpRequest.newBuilder(URI.create(api.url(content)))), 401, "client certificate");
        assertProblem(api.send(HttpRequest.newBuilder(URI.create(api.plainUrl(content)))), 403, "use HTTPS");
        assertProblem(api.send(HttpRequest.newBuilder(URI.create(api.url(content))).header("Authorization", "Bearer dhc_forged")),
                401, "client certificate");
        HttpResponse<String> noCert = TestTls.client(api.server(), null, null).send(HttpRequest.newBuilder(URI.create(api.httpsUrl(content))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(noCert, 401, "client certificate");
        assertProblem(asAgent("/api/v1/images/nope/content"), 404, "nope");
    }

    /**
     * Issue 10, finding 3: any host's certificate fetched any project's images. Two hosts (one
     * shared, one dedicated to shop) and two projects: each host gets only the images of VMs placed
     * (or being placed) on it.
     */
    @Test
    void aHostFetchesOnlyTheImagesOfVmsPlacedOnItAndADedicatedHostOnlyItsProjects() throws Exception {
        api.createProject("shop");
        byte[] sharedBytes = Noise.bytes(4096, 3), shopBytes = Noise.bytes(4096, 4);
        created(uploadRaw("shared-img", sharedBytes));
        created(uploadRaw("name=shop-img&project=shop", HttpRequest.BodyPublishers.ofByteArray(shopBytes)));
        try (FakeAgent shared = FakeAgent.join(api, "shared-1"); FakeAgent dedicated = FakeAgent.join(api, "shop-1", "shop")) {
            for (FakeAgent host : List.of(shared, dedicated)) {
                await().atMost(Duration.ofSeconds(5)).until(() -> json(api.get("/api/v1/hosts/" + host.hostId)).get("status").asText().equals("online"));
            }
            for (FakeAgent host : List.of(shared, dedicated)) {
                for (String image : List.of("shared-img", "shop-img")) {
                    assertThat(fetch(host, image).statusCode()).as("no VM yet: " + host.hostId + " " + image).isEqualTo(404);
                }
            }

            // A default VM goes to the shared host (the other is shop's); being placed is enough to fetch.
            placeVm(shared, "default-vm", "shared-img", "default");
            HttpResponse<byte[]> got = fetch(shared, "shared-img");
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(sharedBytes);
            assertThat(fetch(dedicated, "shared-img").statusCode()).as("another host's VM's image").isEqualTo(404);
            assertThat(fetch(shared, "shop-img").statusCode()).as("another project's image").isEqualTo(404);

            // A shop VM on the dedicated host (the shared one disabled so placement cannot choose it).
            assertThat(api.postAsAdmin("/api/v1/hosts/" + shared.hostId + "/disable", "").statusCode()).isEqualTo(200);
            placeVm(dedicated, "shop-vm", "shop-img", "shop");
            assertThat(fetch(dedicated, "shop-img").body()).isEqualTo(shopBytes);
            assertThat(fetch(dedicated, "shared-img").statusCode()).as("the dedicated host, the default project's image").isEqualTo(404);
            assertThat(fetch(shared, "shop-img").statusCode()).as("the shared host, shop's image").isEqualTo(404);
        }
    }

    @Test
    void aPathImageWhoseFileWentAwayIsGoneNotAFailure() throws Exception {
        Path operators = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        created(registerPath("moved", operators));
        hostWithVmOf("moved");
        Files.write(operators, Noise.bytes(5000, 1));
        assertProblem(asAgent("/api/v1/images/moved/content"), 410, "changed since it was registered");
        Files.delete(operators);
        assertProblem(asAgent("/api/v1/images/moved/content"), 410, "no longer at " + operators);
    }

    @Test
    void pagesFollowNameOrder() throws Exception {
        Path raw = Files.write(tmp.resolve("disk.img"), Noise.bytes(4096, 1));
        for (String name : List.of("c", "a", "d", "b")) created(registerPath(name, raw));
        JsonNode first = json(api.get("/api/v1/images?limit=3"));
        assertThat(first.get("items")).extracting(n -> n.get("name").asText()).containsExactly("a", "b", "c");
        JsonNode second = json(api.get("/api/v1/images?limit=3&cursor=" + first.get("next_cursor").asText()));
        assertThat(second.get("items")).extracting(n -> n.get("name").asText()).containsExactly("d");
        assertThat(second.get("next_cursor").isNull()).isTrue();
        assertProblem(api.get("/api/v1/images?limit=0"), 400, "limit");
        assertProblem(api.get("/api/v1/images?cursor=garbage"), 400, "cursor");
    }

    @Test
    void imagesSurviveARestartAndLeftoverTempFilesAreSwept() throws Exception {
        String id = created(uploadRaw("kept", Noise.bytes(4096, 3))).get("id").asText();
        Path leftover = Files.write(imagesDir.resolve(".upload-crashed" + UploadFile.SUFFIX), new byte[] {1});
        api.restart();
        assertThat(json(api.get("/api/v1/images/kept")).get("id").asText()).isEqualTo(id);
        assertThat(leftover).doesNotExist();
        assertThat(imageFiles()).containsExactly(imagesDir.resolve(id));
    }
}
