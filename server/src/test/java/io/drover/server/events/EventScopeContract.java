package io.drover.server.events;

import java.util.stream.Stream;
import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiAssertions;
import io.drover.server.testing.FakeAgent;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events are seen only within the caller's projects, once per store, in the listing and on the
 * live stream; a host's status (no project) is seen by everyone who may read hosts. The events:
 * a VM create in beta and one in alpha that fail at placement (no hosts yet), then a host joins.
 */
@Timeout(90)
abstract class EventScopeContract {
    @TempDir
    Path tmp;
    TestServer api;
    FakeAgent agent;
    String alphaViewer;
    String betaOperator;
    final List<EventStream> streams = new ArrayList<>();

    abstract TestStores store();

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(store(), tmp, c -> c);
        api.addTinyImage(tmp);
        api.createProject("alpha");
        api.createProject("beta");
        alphaViewer = api.userToken("alpha-viewer", "viewer", "alpha");
        betaOperator = api.userToken("beta-operator", "operator", "beta");
    }

    @AfterEach
    void stop() {
        streams.forEach(EventStream::close);
        if (agent != null) agent.close();
        if (api != null) api.close();
    }

    /** Beta's VM fails, then alpha's, then host hv1 joins: each awaited, so the events are in this order. */
    void eventsHappen() throws Exception {
        for (String project : List.of("beta", "alpha")) {
            HttpResponse<String> r = api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + project + "-vm\",\"project\":\"" + project
                    + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> !names(api.get("/api/v1/events?type=vm_failed&hostname=" + project + "-vm")).isEmpty());
        }
        agent = FakeAgent.join(api, "hv1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !names(api.get("/api/v1/events?type=host_status")).isEmpty());
    }

    /** A page of events as "type name project", newest first. */
    static List<String> names(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(json(page).get("items").spliterator(), false).map(EventScopeContract::name).toList();
    }

    static String name(JsonNode event) {
        assertThat(event.has("project")).as("every event says its project, null for none: " + event).isTrue();
        return event.get("type").asText() + " " + event.get("hostname").asText() + " " + event.get("project").asText(null);
    }

    @Test
    void theListingShowsEachCallerItsProjectsEventsAndHostStatusToAllWhoReadHosts() throws Exception {
        eventsHappen();
        assertThat(names(api.as(alphaViewer, "GET", "/api/v1/events", null)))
                .containsExactly("host_status hv1 null", "vm_failed alpha-vm alpha");
        assertThat(names(api.as(betaOperator, "GET", "/api/v1/events", null)))
                .containsExactly("host_status hv1 null", "vm_failed beta-vm beta");
        assertThat(names(api.get("/api/v1/events")))
                .containsExactly("host_status hv1 null", "vm_failed alpha-vm alpha", "vm_failed beta-vm beta");
        assertThat(names(api.as(alphaViewer, "GET", "/api/v1/events?hostname=beta-vm", null))).as("not by name either").isEmpty();

        assertThat(names(api.get("/api/v1/events?project=alpha"))).containsExactly("vm_failed alpha-vm alpha");
        assertThat(names(api.get("/api/v1/events?project=beta"))).containsExactly("vm_failed beta-vm beta");
        assertThat(names(api.as(alphaViewer, "GET", "/api/v1/events?project=alpha", null))).containsExactly("vm_failed alpha-vm alpha");
        assertThat(names(api.as(alphaViewer, "GET", "/api/v1/events?project=beta", null))).as("not the viewer's project").isEmpty();
        assertProblem(api.get("/api/v1/events?project=-beta"), 400, "project name");

        // Paging stays whole: the viewer's second page of one is alpha's VM, not an empty page.
        HttpResponse<String> first = api.as(alphaViewer, "GET", "/api/v1/events?limit=1", null);
        assertThat(names(first)).containsExactly("host_status hv1 null");
        String cursor = json(first).get("next_cursor").asText();
        HttpResponse<String> second = api.as(alphaViewer, "GET", "/api/v1/events?limit=1&cursor=" + cursor, null);
        assertThat(names(second)).containsExactly("vm_failed alpha-vm alpha");
        assertThat(json(second).get("next_cursor").isNull()).isTrue();
    }

    @Test
    void theStreamSendsEachCallerOnlyTheEventsItMaySee() throws Exception {
        EventStream viewer = open(alphaViewer);
        EventStream operator = open(betaOperator);
        EventStream admin = open(api.adminToken());
        eventsHappen();
        assertThat(viewer.until("host_status")).containsExactly("vm_failed alpha-vm alpha", "host_status hv1 null");
        assertThat(operator.until("host_status")).containsExactly("vm_failed beta-vm beta", "host_status hv1 null");
        assertThat(admin.until("host_status"))
                .containsExactly("vm_failed beta-vm beta", "vm_failed alpha-vm alpha", "host_status hv1 null");
    }

    EventStream open(String token) throws Exception {
        return open("Authorization", "Bearer " + token);
    }

    EventStream open(String header, String value) throws Exception {
        EventStream stream = new EventStream(header, value);
        streams.add(stream);
        return stream;
    }

    // ---- Issue 10, finding 6: streams outlived the access of whoever opened them ----

    /** A viewer of alpha, signed in twice: a browser session and an API token, each with a stream open. */
    record Viewer(String id, TestServer.Session session, String token, EventStream bySession, EventStream byToken) {}

    Viewer viewerWithStreams() throws Exception {
        String password = "test-password-mover";
        HttpResponse<String> made = api.postAsAdmin("/api/v1/users", "{\"username\":\"mover\",\"password\":\"" + password
                + "\",\"role\":\"viewer\",\"projects\":[\"alpha\"]}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String token = api.tokenFor("mover", password);
        TestServer.Session session = api.login("mover", password);
        return new Viewer(json(made).get("user").get("id").asText(), session, token, open("Cookie", session.cookie()), open(token));
    }

    HttpResponse<String> patchUser(String id, String body) {
        return api.as(api.adminToken(), "PATCH", "/api/v1/users/" + id, body);
    }

    @Test
    void streamsEndWhenTheirUserIsMovedToAnotherProject() throws Exception {
        Viewer v = viewerWithStreams();
        assertThat(patchUser(v.id(), "{\"projects\":[\"beta\"]}").statusCode()).isEqualTo(200);
        v.bySession().assertEnds();
        v.byToken().assertEnds();
        // The token still works: a new stream sees beta's events, not alpha's.
        EventStream again = open(v.token());
        eventsHappen();
        assertThat(again.until("host_status")).containsExactly("vm_failed beta-vm beta", "host_status hv1 null");
    }

    @Test
    void streamsEndWhenTheirUserIsDisabled() throws Exception {
        Viewer v = viewerWithStreams();
        assertThat(patchUser(v.id(), "{\"disabled\":true}").statusCode()).isEqualTo(200);
        v.bySession().assertEnds();
        v.byToken().assertEnds();
    }

    @Test
    void aStreamEndsWhenItsTokenIsRevokedAndTheSessionsStreamStays() throws Exception {
        Viewer v = viewerWithStreams();
        String tokenId = json(api.as(v.token(), "GET", "/api/v1/auth/tokens", null)).get("items").get(0).get("id").asText();
        assertThat(api.as(v.token(), "DELETE", "/api/v1/auth/tokens/" + tokenId, null).statusCode()).isEqualTo(204);
        v.byToken().assertEnds();
        assertThat(v.bySession().ended()).as("the session still works, and so does its stream").isFalse();
    }

    @Test
    void aStreamEndsWhenItsSessionLogsOutAndTheTokensStreamStays() throws Exception {
        Viewer v = viewerWithStreams();
        HttpResponse<String> out = api.send(v.session().request("/api/v1/auth/logout").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(out.statusCode()).as(out.body()).isEqualTo(204);
        v.bySession().assertEnds();
        assertThat(v.byToken().ended()).as("the token still works, and so does its stream").isFalse();
    }

    /** A client of /api/v1/events/stream: its events as {@link #name}s, read on their own thread. */
    final class EventStream implements AutoCloseable {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        private final CountDownLatch connected = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private final Stream<String> lines;

        EventStream(String header, String value) throws Exception {
            HttpResponse<Stream<String>> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(api.tls()).build().send(HttpRequest.newBuilder(URI.create(api.url("/api/v1/events/stream")))
                    .header(header, value).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).isEqualTo(200);
            lines = r.body();
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
            // The server registers the stream before it says "connected": from here on no event is missed.
            assertThat(connected.await(10, TimeUnit.SECONDS)).as("the stream said connected").isTrue();
        }

        private void read() {
            try {
                lines.forEach(line -> {
                    if (line.startsWith(":") && line.contains("connected")) connected.countDown();
                    if (line.startsWith("data:")) {
                        try {
                            events.add(name(ApiAssertions.JSON.readTree(line.substring("data:".length()).trim())));
                        } catch (Exception e) {
                            events.add("unreadable " + line);
                        }
                    }
                });
            } catch (UncheckedIOException e) {
                // the stream was closed
            } finally {
                ended.countDown();
            }
        }

        /** The server ended the stream within 10 s. */
        void assertEnds() throws InterruptedException {
            assertThat(ended.await(10, TimeUnit.SECONDS)).as("the server ended the stream").isTrue();
        }

        boolean ended() {
            return ended.getCount() == 0;
        }

        /** The events received up to and including the first of {@code type}. */
        List<String> until(String type) throws InterruptedException {
            List<String> got = new ArrayList<>();
            while (got.isEmpty() || !got.get(got.size() - 1).startsWith(type + " ")) {
                String next = events.poll(20, TimeUnit.SECONDS);
                assertThat(next).as("an event within 20 s after " + got).isNotNull();
                got.add(next);
            }
            return got;
        }

        @Override
        public void close() {
            lines.close();
        }
    }
}
