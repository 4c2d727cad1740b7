package io.drover.server.tasks;

import static io.drover.server.testing.ApiAssertions.assertProblem;
import static io.drover.server.testing.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks are seen only within the caller's projects, once per store: in the listing (filtered in
 * the query, so pages stay whole), and a task of another project answers 404 to show and cancel.
 * The tasks are VM creates that fail at placement (there are no hosts): each ends at once.
 */
abstract class TaskScopeContract {
    @TempDir
    Path tmp;
    TestServer api;
    String alphaViewer;
    String alphaOperator;

    abstract TestStores store();

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(store(), tmp, c -> c);
        api.addTinyImage(tmp);
        api.createProject("alpha");
        api.createProject("beta");
        alphaViewer = api.userToken("alpha-viewer", "viewer", "alpha");
        alphaOperator = api.userToken("alpha-operator", "operator", "alpha");
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    /** The id of the (failed) create task of a new VM in {@code project}. */
    String createTask(String name, String project) {
        HttpResponse<String> r = api.postAsAdmin("/api/v1/vms", "{\"name\":\"" + name + "\",\"project\":\"" + project
                + "\",\"cpus\":1,\"memory_mib\":256,\"disk_gib\":1,\"image\":\"tiny\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = json(r).get("task").get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> json(api.get("/api/v1/tasks/" + id)).get("status").asText().equals("failed"));
        return id;
    }

    static List<String> ids(HttpResponse<String> page) {
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(json(page).get("items").spliterator(), false).map(t -> t.get("id").asText()).toList();
    }

    @Test
    void aViewerSeesOnlyTheTasksOfItsProjectsAndAnotherProjectsTaskIsNotFound() {
        String alpha = createTask("a1", "alpha");
        String beta = createTask("b1", "beta");

        assertThat(ids(api.as(alphaViewer, "GET", "/api/v1/tasks", null))).containsExactly(alpha);
        JsonNode shown = json(api.as(alphaViewer, "GET", "/api/v1/tasks/" + alpha, null));
        assertThat(shown.get("project").asText()).isEqualTo("alpha");
        assertProblem(api.as(alphaViewer, "GET", "/api/v1/tasks/" + beta, null), 404, "no task with id " + beta);
        assertThat(ids(api.as(alphaViewer, "GET", "/api/v1/tasks?vm=" + json(api.get("/api/v1/tasks/" + beta)).get("vm_id").asText(), null)))
                .as("naming the other project's VM shows nothing either").isEmpty();

        // Cancel: the own project's ended task is a conflict, the other project's does not exist.
        assertProblem(api.as(alphaOperator, "POST", "/api/v1/tasks/" + alpha + "/cancel", ""), 409, "already ended");
        assertProblem(api.as(alphaOperator, "POST", "/api/v1/tasks/" + beta + "/cancel", ""), 404, "no task with id " + beta);

        assertThat(ids(api.get("/api/v1/tasks"))).as("the admin sees every project").containsExactly(beta, alpha);
        assertThat(json(api.get("/api/v1/tasks/" + beta)).get("project").asText()).isEqualTo("beta");
    }

    @Test
    void theProjectFilterNarrowsTheListingAndAMalformedNameIsABadRequest() {
        String alpha = createTask("a1", "alpha");
        String beta = createTask("b1", "beta");

        assertThat(ids(api.get("/api/v1/tasks?project=beta"))).containsExactly(beta);
        assertThat(ids(api.get("/api/v1/tasks?project=alpha"))).containsExactly(alpha);
        assertThat(ids(api.get("/api/v1/tasks?project=nowhere"))).isEmpty();
        assertThat(ids(api.get("/api/v1/tasks?project="))).as("empty is no filter").containsExactly(beta, alpha);
        assertThat(ids(api.as(alphaViewer, "GET", "/api/v1/tasks?project=alpha", null))).containsExactly(alpha);
        assertThat(ids(api.as(alphaViewer, "GET", "/api/v1/tasks?project=beta", null))).as("not the viewer's project").isEmpty();
        assertProblem(api.get("/api/v1/tasks?project=Not_A_Name"), 400, "project name");
        assertProblem(api.as(alphaViewer, "GET", "/api/v1/tasks?project=" + "a".repeat(64), null), 400, "project name");
    }

    @Test
    void pagesOfAViewerAreWholeBecauseTheQueryFiltersNotThePage() {
        List<String> alpha = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            alpha.add(0, createTask("a" + i, "alpha"));
            createTask("b" + i, "beta");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 3; pages++) {
            HttpResponse<String> page = api.as(alphaViewer, "GET", "/api/v1/tasks?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), null);
            List<String> items = ids(page);
            assertThat(items).as("every page is full").hasSize(1);
            seen.addAll(items);
            cursor = json(page).path("next_cursor").asText(null);
        }
        assertThat(seen).containsExactlyElementsOf(alpha);
        assertThat(cursor).as("the third alpha task is the last").isNull();
    }
}
