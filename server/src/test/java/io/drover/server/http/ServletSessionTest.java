package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 5: every failed WebSocket upgrade of the agent link left a servlet session
 * (Javalin copies the session's attributes into the upgrade, which creates one) and answered
 * {@code Set-Cookie: JSESSIONID}: 120,000 anonymous requests held 120,011 sessions. Drover keeps
 * its own sessions in the store; the servlet container must hold none and hand out no cookie.
 */
class ServletSessionTest {
    /** Before the fix each refused upgrade left one session: a few hundred show it (each costs a TLS handshake). */
    static final int REQUESTS = 400;

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
    void failedAgentLinkUpgradesLeaveNoServletSession() throws Exception {
        long before = api.server().servletSessions();
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            RawHttp.Request request = RawHttp.request("GET", "/api/v1/agent/link");
            if (i % 2 == 0) {
                request = request.with("Upgrade", "websocket").with("Connection", "Upgrade")
                        .with("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").with("Sec-WebSocket-Version", "13");
            }
            RawHttp.Reply reply = api.raw(request);
            // A plain GET is no upgrade: there is no such HTTP route (404).
            assertThat(reply.status()).as("request %d", i).isEqualTo(i % 2 == 0 ? 401 : 404);
            if (!reply.header("Set-Cookie").isEmpty()) cookies.add(reply.header("Set-Cookie"));
        }
        assertThat(api.server().servletSessions()).as("servlet sessions held").isEqualTo(before).isZero();
        assertThat(cookies.size()).as("cookies handed out, e.g. %s", cookies.isEmpty() ? "" : cookies.get(0)).isZero();
    }

    @Test
    void noRouteHandsOutAServletSessionCookie() throws Exception {
        List<String> cookies = new ArrayList<>();
        for (Route route : api.server().routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            for (String auth : new String[] {null, "Bearer " + api.adminToken()}) {
                RawHttp.Request request = new RawHttp.Request(route.method().name(), path, List.of(),
                        route.method().name().equals("GET") || route.method().name().equals("DELETE") ? null : new byte[0]);
                if (auth != null) request = request.with("Authorization", auth);
                String cookie = api.raw(request).header("Set-Cookie");
                if (cookie.contains("JSESSIONID")) cookies.add(route.method() + " " + path + ": " + cookie);
            }
        }
        assertThat(cookies).isEmpty();
        assertThat(api.server().servletSessions()).isZero();
    }
}
