package io.drover.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.identity.IdentitySettings;
import io.drover.server.testing.RawHttp;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 4: 40 connections sending {@code POST /api/v1/auth/login} with
 * {@code Content-Length: 60000} a byte at a time held every HTTP thread, without credentials, and
 * {@code /healthz} took 10 s. Bounded attacks on loopback: the slow bodies are cut (a login body by
 * its size and the address's limit at once, any body by the minimum rate within seconds) while
 * {@code /healthz} keeps answering.
 */
class SlowBodyTest {
    @TempDir
    Path tmp;
    TestServer api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void slowLoginBodiesAreRefusedAtOnceAndHealthzKeepsAnswering() throws Exception {
        api = TestServer.start(TestStores.H2, tmp, c -> c);
        List<Slow> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) slow.add(Slow.open(api, "/api/v1/auth/login", 60_000, null));
            long worst = trickleWhileProbing(slow, 8_000, 1_000);
            assertThat(worst).as("slowest /healthz (ms) under 40 slow logins").isLessThan(3_000);
            for (Slow s : slow) {
                assertThat(s.endedAfterMs()).as("connection %s ended (%s)", s.path, s.answer).isBetween(0L, 4_000L);
                // The address's first 20 attempts (the default limit) are refused by size, the rest by the limit.
                if (s.answer != null) assertThat(s.answer).matches("HTTP/1.1 (413|429) .*");
            }
        } finally {
            slow.forEach(Slow::close);
        }
    }

    @Test
    void bodiesSlowerThanTheMinimumRateAreCutOnEveryRoute() throws Exception {
        IdentitySettings d = IdentitySettings.defaults();
        api = TestServer.start(TestStores.H2, tmp, c -> c.withIdentity(d.withRateLimits(10_000, 10_000, d.failureWindow(), 100_000, 100_000)));
        List<Slow> slow = new ArrayList<>();
        try {
            // Under every size limit, so only the rate can cut them: a stranger's login and join, an admin's create.
            for (int i = 0; i < 4; i++) slow.add(Slow.open(api, "/api/v1/auth/login", 2_000, null));
            for (int i = 0; i < 3; i++) slow.add(Slow.open(api, "/api/v1/hosts/join", 2_000, null));
            for (int i = 0; i < 3; i++) slow.add(Slow.open(api, "/api/v1/projects", 2_000, api.adminToken()));
            long worst = trickleWhileProbing(slow, 15_000, 500);
            assertThat(worst).as("slowest /healthz (ms)").isLessThan(3_000);
            for (Slow s : slow) {
                // The rate is checked after a 5 s grace: well before the 1,000 s this body would take.
                assertThat(s.endedAfterMs()).as("connection %s ended (%s)", s.path, s.answer).isBetween(4_000L, 14_000L);
                if (s.answer != null) assertThat(s.answer).startsWith("HTTP/1.1 408 ");
            }
        } finally {
            slow.forEach(Slow::close);
        }
    }

    /**
     * Sends one more body byte on every open connection each {@code everyMs} for {@code forMs}, asks
     * {@code /healthz} in between, and returns its slowest answer in ms (the socket timeout, 10 s, when none came).
     */
    private long trickleWhileProbing(List<Slow> slow, long forMs, long everyMs) throws InterruptedException {
        long worst = 0;
        long end = System.nanoTime() + forMs * 1_000_000;
        while (System.nanoTime() < end && slow.stream().anyMatch(s -> s.endedAfterMs() < 0)) {
            long next = System.nanoTime() + everyMs * 1_000_000;
            slow.forEach(Slow::trickle);
            long t0 = System.nanoTime();
            try {
                assertThat(api.raw(RawHttp.request("GET", "/healthz")).status()).isEqualTo(200);
                worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
            } catch (IOException e) {
                worst = Math.max(worst, 10_000);
            }
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        return worst;
    }

    /** One connection sending a body slowly; a reader thread notes when the server answers or closes it. */
    static final class Slow implements AutoCloseable {
        final String path;
        Socket socket;
        final long started = System.nanoTime();
        volatile long ended = -1;
        volatile String answer;
        OutputStream out;

        private Slow(String path) {
            this.path = path;
        }

        /** Over HTTPS, where the console and the API are served. */
        static Slow open(TestServer api, String path, int contentLength, String bearer) throws IOException {
            Slow s = new Slow(path);
            s.socket = RawHttp.connect(api.tls(), api.httpsPort());
            s.socket.setSoTimeout(0);
            s.out = s.socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                    + "Content-Length: " + contentLength + "\r\n\r\n{";
            s.out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            s.out.flush();
            Thread reader = new Thread(s::awaitEnd, "slow-body-reader");
            reader.setDaemon(true);
            reader.start();
            return s;
        }

        private void awaitEnd() {
            StringBuilder line = new StringBuilder();
            try {
                InputStream in = socket.getInputStream();
                for (int b; (b = in.read()) >= 0 && b != '\n'; ) if (b != '\r') line.append((char) b);
            } catch (IOException closed) {
                // reset: the connection was cut
            }
            answer = line.length() == 0 ? null : line.toString();
            ended = (System.nanoTime() - started) / 1_000_000;
        }

        /** Ms from the start until the server answered or closed the connection; -1 while it is open. */
        long endedAfterMs() {
            return ended;
        }

        void trickle() {
            if (ended >= 0) return;
            try {
                out.write(' ');
                out.flush();
            } catch (IOException cut) {
                // the server closed it; the reader notes when
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
