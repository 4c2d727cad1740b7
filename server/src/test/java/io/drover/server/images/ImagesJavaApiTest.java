package io.drover.server.images;

import io.drover.server.access.Principal;
import io.drover.server.access.Role;
import java.util.List;
import java.util.Set;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.protocol.link.ImageRef;
import io.drover.server.http.HttpApi;
import io.drover.server.http.Json;
import io.drover.server.store.Database;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature as the VM feature sees it: {@link Images#find} and the {@link ImageUsage} it is
 * given. Built by hand like DroverServer does, with a usage that says which images VMs use.
 */
class ImagesJavaApiTest {
    @TempDir
    Path tmp;
    Database database;
    HttpApi http;
    Images images;
    final Map<String, Integer> vmsUsing = new HashMap<>();
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        database = Database.open(Database.embeddedUrl(tmp), null, null);
        images = new Images(database.jdbi(), tmp.resolve("images"), new ImageDirs(List.of(tmp), tmp.resolve("data")), Clock.systemUTC(), Json.mapper(),
                id -> vmsUsing.getOrDefault(id, 0), (host, id) -> true);
        http = new HttpApi("127.0.0.1", 0, images.routes(), (needed, credentials) -> new Principal(Principal.Kind.USER, "u", "admin",
                Role.ADMIN, Set.of(), false, null, null, null, credentials.address()), Json.mapper(), c -> { }).start();
    }

    @AfterEach
    void stop() {
        http.stop();
        database.close();
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    @Test
    void findGivesTheImageByIdOrNameWithWhatAnAgentNeeds() throws Exception {
        Path qcow2 = Files.write(tmp.resolve("base.qcow2"), ImageFormatProbeTest.qcow2(3, 2L << 30, 0, 8192));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/api/v1/images")))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"base\",\"path\":\"" + qcow2 + "\"}")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        Image image = images.find("base").orElseThrow();
        assertThat(images.find(image.id())).contains(image);
        assertThat(image.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(image.sizeBytes()).isEqualTo(8192);
        assertThat(image.virtualSizeBytes()).isEqualTo(2L << 30);
        assertThat(image.sha256()).isEqualTo(ImageApiContract.sha256(qcow2));
        assertThat(image.contentPath()).isEqualTo("/api/v1/images/" + image.id() + "/content");
        assertThat(image.ref()).isEqualTo(new ImageRef(image.id(), image.sha256(), "qcow2", 8192, 2L << 30, image.contentPath()));
        assertThat(images.find("other")).isEmpty();
        assertThat(images.find("")).isEmpty();
        assertThat(images.find(null)).isEmpty();
    }

    @Test
    void anImageInUseCannotBeDeleted() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url("/api/v1/images?name=used")))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(Noise.bytes(4096, 1))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = images.find("used").orElseThrow().id();

        vmsUsing.put(id, 2);
        assertProblem(send(HttpRequest.newBuilder(URI.create(url("/api/v1/images/used"))).DELETE()), 409, "used by 2 VMs");
        assertThat(images.find(id)).isPresent();
        assertThat(tmp.resolve("images").resolve(id)).exists();

        vmsUsing.put(id, 0);
        assertThat(send(HttpRequest.newBuilder(URI.create(url("/api/v1/images/" + id))).DELETE()).statusCode()).isEqualTo(204);
        assertThat(images.find(id)).isEmpty();
        assertThat(tmp.resolve("images").resolve(id)).doesNotExist();
    }
}
