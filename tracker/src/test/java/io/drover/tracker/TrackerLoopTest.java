package io.drover.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop against a real HTTP server on 127.0.0.1, with a 200 ms interval. */
class TrackerLoopTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final TrackerLog log = new TrackerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8),
            Clock.systemUTC());
    private final AtomicReference<Optional<String>> hostname = new AtomicReference<>(Optional.of("vm-1"));
    private final MutableAddresses addresses = new MutableAddresses("10.0.0.5");
    private FakeRegisterServer server;
    private TrackerLoop loop;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeRegisterServer.start();
    }

    @AfterEach
    void stopEverything() {
        if (loop != null) {
            loop.stop();
        }
        executor.shutdownNow();
        server.close();
    }

    @Test
    void registersAtStartThenHeartbeatsEveryInterval() throws Exception {
        Future<?> running = start(false, INTERVAL);

        await().atMost(WAIT).until(() -> server.requests().size() >= 3);
        FakeRegisterServer.Request first = server.requests().get(0);
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.path()).isEqualTo("/api/register");
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("Authorization")).isEqualTo("Bearer secret");
        assertThat(first.body()).isEqualTo("{\"hostname\":\"vm-1\",\"ip_address\":\"10.0.0.5\",\"interface\":\"eth0\","
                + "\"uuid\":\"4c4c4544-0042-3510-8052-b4c04f4e3332\",\"interval_seconds\":1,"
                + "\"ip_addresses\":[\"10.0.0.5\",\"fd00::5\"],\"os\":\"Test OS 1\",\"agent_version\":\"9.9.9\"}");
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(server.requests().get(1).receivedNanos() - first.receivedNanos());
        assertThat(gapMillis).isBetween(150L, 2_000L);
        assertThat(running).isNotDone();
        // Quiet mode: the first success only.
        assertThat(log()).containsOnlyOnce("INFO  registered vm-1 (10.0.0.5 on eth0) with " + server.registerUri())
                .doesNotContain("heartbeat sent");
    }

    @Test
    void verboseLogsEveryHeartbeat() {
        start(true, INTERVAL);

        await().atMost(WAIT).until(() -> log().contains("heartbeat sent: vm-1 (10.0.0.5 on eth0)"));
    }

    @Test
    void keepsRunningThroughServerErrorsAndLogsTheRecovery() {
        Future<?> running = start(false, INTERVAL);
        await().atMost(WAIT).until(() -> log().contains("registered"));

        server.answer(500, "{\"status\":\"error\",\"message\":\"database down\"}");
        int before = server.requests().size();
        await().atMost(WAIT).until(() -> server.requests().size() >= before + 2);
        assertThat(log()).contains("WARN  heartbeat failed: server error (HTTP 500): database down");
        assertThat(running).isNotDone();

        server.answer(200, FakeRegisterServer.OK_BODY);
        await().atMost(WAIT).until(() -> log().contains("INFO  heartbeat recovered after "));
    }

    @Test
    void logsTheServersMessageWhenItRejectsTheRegistration() {
        server.answer(401, "{\"status\":\"error\",\"message\":\"invalid token\"}");
        Future<?> running = start(false, INTERVAL);

        await().atMost(WAIT).until(() -> log().contains("server rejected the registration (HTTP 401): invalid token"));
        await().atMost(WAIT).until(() -> server.requests().size() >= 2);
        assertThat(running).isNotDone();

        server.answer(200, FakeRegisterServer.OK_BODY);
        await().atMost(WAIT).until(() -> log().matches("(?s).*registered vm-1 .* after \\d+ failed attempts.*"));
    }

    @Test
    void keepsRunningWhileTheServerIsDownAndResumesWhenItIsBack() throws Exception {
        Future<?> running = start(false, INTERVAL);
        await().atMost(WAIT).until(() -> log().contains("registered"));

        String unreachable = "heartbeat failed: cannot reach " + server.registerUri();
        server.close();
        await().atMost(WAIT).until(() -> countOf(log(), unreachable) >= 2);
        assertThat(running).isNotDone();

        int before = server.requests().size();
        server = server.restartOnSamePort();
        await().atMost(WAIT).until(() -> server.requests().size() > before);
        await().atMost(WAIT).until(() -> log().contains("heartbeat recovered after "));
    }

    @Test
    void rereadsHostnameAndAddressForEveryHeartbeat() {
        start(false, INTERVAL);
        await().atMost(WAIT).until(() -> log().contains("registered"));

        hostname.set(Optional.of("vm-renamed"));
        addresses.ipv4.set("10.0.0.6");

        await().atMost(WAIT).until(() -> last().body().contains("\"hostname\":\"vm-renamed\",\"ip_address\":\"10.0.0.6\""));
        await().atMost(WAIT).until(() -> log().contains(
                "now reporting vm-renamed (10.0.0.6 on eth0), was vm-1 (10.0.0.5 on eth0)"));
    }

    @Test
    void aMachineWithoutHostnameRegistersUnderItsUuid() {
        hostname.set(Optional.empty());
        start(false, INTERVAL);

        String name = "machine-4c4c4544-0042-3510-8052-b4c04f4e3332";
        await().atMost(WAIT).until(() -> log().contains("INFO  registered " + name + " (10.0.0.5 on eth0)"));
        assertThat(server.requests().get(0).body()).startsWith("{\"hostname\":\"" + name + "\",");
    }

    @Test
    void aMissingAddressAfterStartIsLoggedAndRetriedNotFatal() {
        Future<?> running = start(false, INTERVAL);
        await().atMost(WAIT).until(() -> log().contains("registered"));

        addresses.ipv4.set(null);
        await().atMost(WAIT).until(() -> log().contains(
                "heartbeat failed: no IPv4 address on interface eth0 after 3 attempts"));
        assertThat(running).isNotDone();

        addresses.ipv4.set("10.0.0.7");
        await().atMost(WAIT).until(() -> log().contains("heartbeat recovered after "));
        assertThat(last().body()).contains("\"ip_address\":\"10.0.0.7\"");
    }

    @Test
    void endsWithNoIpv4AddressAfterThreeAttemptsAtStart() {
        addresses.ipv4.set(null);
        loop = newLoop(false, INTERVAL);

        assertThatThrownBy(loop::run)
                .isInstanceOf(NoIpv4AddressException.class)
                .hasMessage("no IPv4 address on interface eth0 after 3 attempts");
        assertThat(addresses.lookups.get()).isEqualTo(3);
        assertThat(countOf(log(), "WARN  no IPv4 address on interface eth0 (attempt ")).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void stopsPromptlyBetweenHeartbeats() throws Exception {
        Future<?> running = start(false, Duration.ofMinutes(10));
        await().atMost(WAIT).until(() -> log().contains("registered"));

        long startNanos = System.nanoTime();
        loop.stop();
        running.get(1, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(1));
        assertThat(log()).contains("INFO  stopped");
    }

    @Test
    void stopsPromptlyWhileARequestIsInFlight() throws Exception {
        server.hang();
        Future<?> running = start(false, INTERVAL);
        await().atMost(WAIT).until(() -> server.requests().size() == 1);

        loop.stop();
        running.get(1, TimeUnit.SECONDS);

        assertThat(log()).contains("INFO  stopped").doesNotContain("heartbeat failed");
    }

    @Test
    void stopsPromptlyWhileWaitingForAnAddress() throws Exception {
        addresses.ipv4.set(null);
        loop = new TrackerLoop(composer(INTERVAL), client(), log, INTERVAL, Duration.ofMinutes(10), false, () -> 0.5);
        Future<?> running = executor.submit(() -> {
            loop.run();
            return null;
        });
        await().atMost(WAIT).until(() -> log().contains("attempt 1 of 3"));

        loop.stop();
        running.get(1, TimeUnit.SECONDS);
    }

    @Test
    void jitterStaysWithinTenPercentOfTheInterval() {
        AtomicReference<Double> random = new AtomicReference<>(0.0);
        TrackerLoop jittered = new TrackerLoop(composer(INTERVAL), client(), log, Duration.ofSeconds(30),
                Duration.ofSeconds(5), false, random::get);

        assertThat(jittered.nextDelay()).isEqualTo(Duration.ofSeconds(27));
        random.set(0.5);
        assertThat(jittered.nextDelay()).isEqualTo(Duration.ofSeconds(30));
        random.set(0.999_999);
        assertThat(jittered.nextDelay()).isBetween(Duration.ofMillis(32_999), Duration.ofSeconds(33));
    }

    @Test
    void stopBeforeRunEndsRunAtOnce() throws Exception {
        loop = newLoop(false, INTERVAL);
        loop.stop();

        Future<?> running = executor.submit(() -> {
            loop.run();
            return null;
        });

        running.get(1, TimeUnit.SECONDS);
        assertThat(server.requests()).isEmpty();
    }

    private Future<?> start(boolean verbose, Duration interval) {
        loop = newLoop(verbose, interval);
        return executor.submit(() -> {
            loop.run();
            return null;
        });
    }

    private TrackerLoop newLoop(boolean verbose, Duration interval) {
        // A random value of 0.5 means no jitter, which keeps the timing assertions simple.
        return new TrackerLoop(composer(interval), client(), log, interval, Duration.ofMillis(20), verbose, () -> 0.5);
    }

    private HeartbeatComposer composer(Duration interval) {
        return new HeartbeatComposer("eth0", interval, hostname::get, addresses,
                Optional.of("4c4c4544-0042-3510-8052-b4c04f4e3332"), "Test OS 1", "9.9.9");
    }

    private RegisterClient client() {
        return new RegisterClient(RegisterClient.defaultHttpClient(), server.registerUri(), "secret",
                "drover-tracker/test");
    }

    private FakeRegisterServer.Request last() {
        List<FakeRegisterServer.Request> requests = server.requests();
        return requests.get(requests.size() - 1);
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    /** Addresses the test changes while the loop runs; a null IPv4 means "none". */
    private static final class MutableAddresses implements NetworkAddresses {
        final AtomicReference<String> ipv4;
        final AtomicInteger lookups = new AtomicInteger();

        MutableAddresses(String ipv4) {
            this.ipv4 = new AtomicReference<>(ipv4);
        }

        @Override
        public Optional<String> ipv4Of(String interfaceName) {
            lookups.incrementAndGet();
            return Optional.ofNullable(ipv4.get());
        }

        @Override
        public List<String> all() {
            String current = ipv4.get();
            return current == null ? List.of("fd00::5") : List.of(current, "fd00::5");
        }
    }
}
