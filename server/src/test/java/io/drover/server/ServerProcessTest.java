package io.drover.server;

import io.drover.server.tls.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestTls;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as an operator runs it: a separate JVM, flags, signals, the maintenance subcommand. */
class ServerProcessTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Process launch(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        return p;
    }

    /** Starts a server process on the data dir (HTTPS on {@code httpsPort}, plain HTTP on {@code port}) and waits for its "listening" log line. */
    Process startServer(Path dataDir, int httpsPort, int port, Path log) throws Exception {
        Process p = launch(log, "--bind", "127.0.0.1", "--port", Integer.toString(httpsPort), "--http-port", Integer.toString(port),
                "--data-dir", dataDir.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) return p;
            if (!p.isAlive()) throw new AssertionError("server exited: " + Files.readString(log));
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + Files.readString(log));
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> register(int port, String hostname) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/register"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"hostname\":\"" + hostname + "\",\"ip_address\":\"10.9.9.9\"}")).build());
    }

    /** Over HTTPS (the plain port serves only trackers), trusting the certificate the server made in its data dir. */
    static HttpResponse<String> machine(Path dataDir, int httpsPort, String hostname, String token) throws Exception {
        X509Certificate cert = TestTls.certificate(Files.readString(dataDir.resolve("tls/server.crt")));
        HttpClient https = HttpClient.newBuilder().sslContext(TestTls.context(cert, null, null)).build();
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/api/v1/machines/" + hostname))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code drover-server admin ARGS} in this JVM on the (stopped) server's data dir; returns what it printed. */
    static String admin(Path data, String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "admin";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = data.toString();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute(all);
        assertThat(code).as("admin " + String.join(" ", args)).isZero();
        return out.toString().trim();
    }

    @Test
    void helpDocumentsEveryOption() throws Exception {
        Path log = tmp.resolve("help.log");
        Process p = launch(log, "--help");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("--port", "--bind", "--data-dir", "--db-url", "--public-url",
                "--registration-token", "--check-interval", "--offline-after", "--cleanup-interval", "--remove-after",
                "DROVER_PORT", "admin", "--http-port", "--http-behind-proxy", "DROVER_HTTP_BEHIND_PROXY", "--tls-cert", "--tls-key", "HTTPS port");
    }

    @Test
    void anAcknowledgedHeartbeatSurvivesSigkillOneSecondLater() throws Exception {
        Path data = tmp.resolve("data");
        int port = freePort(), httpsPort = freePort();
        Process server = startServer(data, httpsPort, port, tmp.resolve("first.log"));
        assertThat(Files.readString(tmp.resolve("first.log"))).contains("embedded H2", "admin password", "listening on https://",
                "TLS certificate fingerprint sha256:", "also serving plain HTTP on http://127.0.0.1:" + port);
        assertThat(register(port, "durable").statusCode()).isEqualTo(200);
        Thread.sleep(1000);
        server.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String token = admin(data, "token", "--username", "admin");
        startServer(data, httpsPort, port, tmp.resolve("second.log"));
        assertThat(machine(data, httpsPort, "durable", token).statusCode()).isEqualTo(200);
        assertThat(Files.readString(tmp.resolve("second.log"))).doesNotContain("admin password");
    }

    @Test
    void sigtermStoresWhatIsPendingAndStops() throws Exception {
        Path data = tmp.resolve("data");
        int port = freePort(), httpsPort = freePort();
        Process server = startServer(data, httpsPort, port, tmp.resolve("first.log"));
        assertThat(register(port, "last-words").statusCode()).isEqualTo(200);
        server.destroy(); // SIGTERM, at once: the pending write must still land
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(tmp.resolve("first.log"))).contains("stopping");

        String token = admin(data, "token", "--username", "admin");
        startServer(data, httpsPort, port, tmp.resolve("second.log"));
        assertThat(machine(data, httpsPort, "last-words", token).statusCode()).isEqualTo(200);
    }

    @Test
    void adminCommandsMakeUsersResetPasswordsAndMintTokensOffline() {
        Path data = tmp.resolve("data");
        String first = admin(data, "create", "--username", "ops");
        assertThat(first).hasSize(20);
        try (TestServer api = new TestServer(ServerConfig.defaults(data).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)))) {
            assertThat(api.adminToken()).as("no generated admin once a user exists").isNull();
            api.login("ops", first);
        }
        String second = admin(data, "reset-password", "--username", "ops");
        String readOnly = admin(data, "token", "--username", "ops", "--name", "scripts", "--read-only", "--ttl", "1h");
        assertThat(readOnly).startsWith("dat_");
        try (TestServer api = new TestServer(ServerConfig.defaults(data).withBind("127.0.0.1").withPort(0)
                .withTls(TlsSettings.defaults().withHttpPort(0)))) {
            assertThat(api.post("/api/v1/auth/login", "{\"username\":\"ops\",\"password\":\"" + first + "\"}").statusCode())
                    .isEqualTo(401);
            api.login("ops", second);
            api.register("vm1", "10.0.0.1");
            assertThat(api.delete("/api/v1/machines/vm1", readOnly).statusCode()).isEqualTo(403);
            String full = api.tokenFor("ops", second);
            assertThat(api.delete("/api/v1/machines/vm1", full).statusCode()).isEqualTo(204);
        }
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute("admin", "token", "--username", "nobody", "--data-dir", data.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("no user nobody").doesNotContain("\tat ");
    }

    /** Issue 10, finding 14: the offline commands check a password as the API does. */
    @Test
    void adminCommandsRefuseWeakPasswordsAndTheCurrentOneAgain() {
        Path data = tmp.resolve("data");
        assertThat(adminWithStdin(data, "aaaaaaaaaaaa", "create", "--username", "ops")).contains("one character repeated");
        assertThat(adminWithStdin(data, "Password2024", "create", "--username", "ops")).contains("common passwords");
        assertThat(adminWithStdin(data, "a-good-long-phrase-9", "create", "--username", "ops")).isEmpty();
        assertThat(adminWithStdin(data, "a-good-long-phrase-9", "reset-password", "--username", "ops")).contains("differ from the current");
        assertThat(adminWithStdin(data, "qwertyuiop1234", "reset-password", "--username", "ops")).contains("common passwords");
    }

    /** Runs {@code admin <args> --password-stdin} with {@code password} on standard input; what it printed on stderr. */
    static String adminWithStdin(Path data, String password, String... args) {
        InputStream stdin = System.in;
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            String[] all = Stream.concat(Stream.concat(Stream.of("admin"),
                    Arrays.stream(args)), Stream.of("--password-stdin", "--data-dir", data.toString())).toArray(String[]::new);
            Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter())).execute(all);
        } finally {
            System.setIn(stdin);
        }
        return err.toString();
    }

    @Test
    void aSecondServerOnTheSameEmbeddedStoreFailsClearly() throws Exception {
        Path data = tmp.resolve("data");
        startServer(data, freePort(), freePort(), tmp.resolve("first.log"));
        Path log = tmp.resolve("second.log");
        Process second = launch(log, "--bind", "127.0.0.1", "--port", Integer.toString(freePort()), "--data-dir", data.toString());
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("drover-server:").doesNotContain("\tat ");
    }

    @Test
    void badFlagsAreRejectedWithUsage() throws Exception {
        Path log = tmp.resolve("bad.log");
        Process p = launch(log, "--port", "eighty");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("--port").doesNotContain("\tat ");
    }
}
