package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 11: Javalin reads the method from {@code X-HTTP-Method-Override} when a client
 * sends it, so a GET with {@code X-HTTP-Method-Override: DELETE} deleted. The header must change nothing.
 */
class MethodOverrideTest {
    @TempDir
    Path tmp;
    TestServer api;

    @BeforeEach
    void start() {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void aGetThatAsksToBeADeleteIsRefusedAndDeletesNothing() throws Exception {
        api.createProject("doomed");
        for (String method : new String[] {"GET", "POST", "HEAD"}) {
            for (String header : new String[] {"X-HTTP-Method-Override", "x-http-method-override"}) {
                RawHttp.Reply reply = api.raw(RawHttp.request(method, "/api/v1/projects/doomed")
                        .with("Authorization", "Bearer " + api.adminToken()).with(header, "DELETE"));
                assertThat(reply.status()).as(method + " with " + header).isEqualTo(400);
                if (!method.equals("HEAD")) assertThat(reply.body()).contains("X-HTTP-Method-Override");
            }
        }
        assertThat(api.get("/api/v1/projects/doomed").statusCode()).as("the project is still there").isEqualTo(200);
        // Without the header everything is as before.
        assertThat(api.get("/api/v1/projects/doomed").statusCode()).isEqualTo(200);
        assertThat(api.delete("/api/v1/projects/doomed", api.adminToken()).statusCode()).isEqualTo(204);
    }
}
