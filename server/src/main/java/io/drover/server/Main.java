package io.drover.server;

import io.drover.server.http.ApiException;
import io.drover.server.identity.IdentitySettings;
import io.drover.server.placement.PlacementSettings;
import io.drover.server.store.Database;
import io.drover.server.store.StoreUnavailable;
import io.drover.server.tls.TlsSettings;
import io.drover.server.tracker.LivenessPolicy;
import io.drover.server.vms.VmSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code drover-server}: parses flags (or {@code DROVER_*} variables) and runs the server until SIGTERM. */
@Command(name = "drover-server", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs the Drover management server: REST API, web console, store and background jobs.",
                "Every option can also be set with the environment variable shown, e.g. DROVER_PORT=9443."},
        subcommands = {AdminCommand.class})
public final class Main implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("drover");

    @Option(names = "--port", defaultValue = "${env:DROVER_PORT:-8443}", paramLabel = "PORT",
            description = "HTTPS port: API, console, install.sh and the agents' mutual-TLS link (env DROVER_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--http-port", defaultValue = "${env:DROVER_HTTP_PORT}", paramLabel = "PORT",
            description = "Also serve plain HTTP on this port, for trackers that cannot do TLS: it serves only POST /api/register, "
                    + "GET /install.sh and GET /healthz (everything else answers 403 naming the HTTPS URL) unless --http-behind-proxy; "
                    + "agents always use the HTTPS port (env DROVER_HTTP_PORT; default: no plain HTTP).")
    Integer httpPort;

    @Option(names = "--http-behind-proxy", defaultValue = "${env:DROVER_HTTP_BEHIND_PROXY:-false}", paramLabel = "BOOLEAN",
            arity = "0..1", fallbackValue = "true",
            description = "The --http-port sits behind a TLS-terminating proxy that only it can reach: the plain port then serves "
                    + "everything (console, sign-in, API) and marks the session cookie Secure, as browsers talk HTTPS to the proxy. "
                    + "Never set it when browsers or API clients can reach the plain port directly (env DROVER_HTTP_BEHIND_PROXY; "
                    + "default ${DEFAULT-VALUE}).")
    boolean httpBehindProxy;

    @Option(names = "--tls-cert", defaultValue = "${env:DROVER_TLS_CERT}", paramLabel = "PEM_FILE",
            description = "Certificate (chain, leaf first) the HTTPS port presents (env DROVER_TLS_CERT; default: a self-signed one "
                    + "made at first start in DATA_DIR/tls/, whose fingerprint is logged at every start).")
    Path tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:DROVER_TLS_KEY}", paramLabel = "PEM_FILE",
            description = "Unencrypted private key of --tls-cert (env DROVER_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--agent-cert-lifetime", defaultValue = "${env:DROVER_AGENT_CERT_LIFETIME:-90d}", paramLabel = "DURATION",
            converter = DurationConverter.class, hidden = true,
            description = "How long agents' client certificates last; agents renew at two thirds (tests shorten it).")
    Duration agentCertLifetime;

    @Option(names = "--bind", defaultValue = "${env:DROVER_BIND:-0.0.0.0}", paramLabel = "ADDRESS",
            description = "Address to listen on (env DROVER_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--public-url", defaultValue = "${env:DROVER_PUBLIC_URL}", paramLabel = "URL",
            description = "URL that install.sh and links point clients at, e.g. https://drover.example:8443; its host is put "
                    + "in a self-signed certificate made at first start "
                    + "(env DROVER_PUBLIC_URL; default: derived from each request).")
    String publicUrl;

    @Option(names = "--registration-token", defaultValue = "${env:DROVER_REGISTRATION_TOKEN}", paramLabel = "TOKEN",
            description = "When set, POST /api/register requires 'Authorization: Bearer TOKEN' (or a project's "
                    + "registration token); install.sh embeds it; machines it admits are in project default "
                    + "(env DROVER_REGISTRATION_TOKEN; default: open, machines without a token land in default).")
    String registrationToken;

    @Option(names = "--check-interval", defaultValue = "${env:DROVER_CHECK_INTERVAL:-10s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often machines are checked for going offline (env DROVER_CHECK_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration checkInterval;

    @Option(names = "--offline-after", defaultValue = "${env:DROVER_OFFLINE_AFTER:-20s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A machine unseen this long is offline; never less than 1.5 x the interval it announces "
                    + "(env DROVER_OFFLINE_AFTER, default ${DEFAULT-VALUE}).")
    Duration offlineAfter;

    @Option(names = "--cleanup-interval", defaultValue = "${env:DROVER_CLEANUP_INTERVAL:-60s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How often long-gone machines are removed (env DROVER_CLEANUP_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration cleanupInterval;

    @Option(names = "--remove-after", defaultValue = "${env:DROVER_REMOVE_AFTER:-300s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A machine unseen this long is removed from the list (env DROVER_REMOVE_AFTER, default ${DEFAULT-VALUE}).")
    Duration removeAfter;

    @Option(names = "--default-image", defaultValue = "${env:DROVER_DEFAULT_IMAGE}", paramLabel = "IMAGE",
            description = "Image (name or id) that the original create API, POST /api/v1/vm, makes VMs from "
                    + "(env DROVER_DEFAULT_IMAGE; default: none, that API then answers 409).")
    String defaultImage;

    @Option(names = "--image-dir", defaultValue = "${env:DROVER_IMAGE_DIRS}", paramLabel = "DIR", split = ",",
            description = "A directory admins may register images from by server path; repeat for more "
                    + "(env DROVER_IMAGE_DIRS, comma-separated; default: none, registration by path is off and images are uploaded). "
                    + "Symlinks and .. are resolved first; the data dir is never allowed.")
    List<Path> imageDirs;

    @Option(names = "--placement", defaultValue = "${env:DROVER_PLACEMENT:-spread}", paramLabel = "spread|pack",
            converter = StrategyConverter.class,
            description = "spread puts a new VM on the emptiest host, pack on the fullest that fits "
                    + "(env DROVER_PLACEMENT, default ${DEFAULT-VALUE}).")
    PlacementSettings.Strategy strategy;

    @Option(names = "--cpu-overcommit", defaultValue = "${env:DROVER_CPU_OVERCOMMIT:-4.0}", paramLabel = "RATIO",
            description = "vCPUs that may be allocated per host CPU (env DROVER_CPU_OVERCOMMIT, default ${DEFAULT-VALUE}).")
    double cpuRatio;

    @Option(names = "--memory-overcommit", defaultValue = "${env:DROVER_MEMORY_OVERCOMMIT:-1.0}", paramLabel = "RATIO",
            description = "Memory that may be allocated per MiB of host memory, after the reserve "
                    + "(env DROVER_MEMORY_OVERCOMMIT, default ${DEFAULT-VALUE}).")
    double memoryRatio;

    @Option(names = "--memory-reserve", defaultValue = "${env:DROVER_MEMORY_RESERVE_MIB:-512}", paramLabel = "MIB",
            description = "Memory of each host kept for the host itself (env DROVER_MEMORY_RESERVE_MIB, default ${DEFAULT-VALUE}).")
    long memoryReserveMib;

    @Option(names = "--stop-timeout", defaultValue = "${env:DROVER_STOP_TIMEOUT:-60s}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a stop waits for the guest's ACPI shutdown before forcing it off "
                    + "(env DROVER_STOP_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    @Option(names = "--create-deadline", defaultValue = "${env:DROVER_CREATE_DEADLINE:-30m}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "A create not finished by then is rolled back (env DROVER_CREATE_DEADLINE, default ${DEFAULT-VALUE}).")
    Duration createDeadline;

    @Option(names = "--rate-register-per-second", defaultValue = "${env:DROVER_RATE_REGISTER_PER_SECOND:-200}", paramLabel = "N",
            description = "Heartbeats (POST /api/register) one client address may send per second; more get 429. "
                    + "A fleet behind one NAT address shares it; 0 turns the limit off (env DROVER_RATE_REGISTER_PER_SECOND, default ${DEFAULT-VALUE}).")
    int registrationsPerSecond;

    @Option(names = "--rate-join-per-minute", defaultValue = "${env:DROVER_RATE_JOIN_PER_MINUTE:-10}", paramLabel = "N",
            description = "Host joins (POST /api/v1/hosts/join) one client address may attempt per minute; 0: no limit "
                    + "(env DROVER_RATE_JOIN_PER_MINUTE, default ${DEFAULT-VALUE}).")
    int joinsPerMinute;

    @Option(names = "--rate-login-per-minute", defaultValue = "${env:DROVER_RATE_LOGIN_PER_MINUTE:-20}", paramLabel = "N",
            description = "Login attempts one client address may make per minute; 0: no limit (env DROVER_RATE_LOGIN_PER_MINUTE, default ${DEFAULT-VALUE}).")
    int loginsPerMinute;

    @Option(names = "--rate-login-failures", defaultValue = "${env:DROVER_RATE_LOGIN_FAILURES:-10}", paramLabel = "N",
            description = "Failed logins for one username within --rate-login-failure-window before it gets 429; 0: no limit "
                    + "(env DROVER_RATE_LOGIN_FAILURES, default ${DEFAULT-VALUE}).")
    int loginFailures;

    @Option(names = "--rate-login-failure-window", defaultValue = "${env:DROVER_RATE_LOGIN_FAILURE_WINDOW:-15m}", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "See --rate-login-failures (env DROVER_RATE_LOGIN_FAILURE_WINDOW, default ${DEFAULT-VALUE}).")
    Duration loginFailureWindow;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof StoreUnavailable || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                    || e instanceof ApiException) {
                cmd.getErr().println("drover-server: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = new ServerConfig(bind, port, store.dataDir, store.dbUrl, store.dbUser, store.dbPassword,
                trimSlash(publicUrl), blankToNull(registrationToken),
                new LivenessPolicy(checkInterval, cleanupInterval, offlineAfter, removeAfter),
                new VmSettings(blankToNull(defaultImage), stopTimeout, createDeadline,
                        new PlacementSettings(strategy, cpuRatio, memoryRatio, memoryReserveMib, 1.0)),
                rateLimits(IdentitySettings.defaults()),
                new TlsSettings(tlsCert, tlsKey, httpPort, httpBehindProxy, agentCertLifetime), imageDirs == null ? List.of() : imageDirs);
        DroverServer server = DroverServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            server.close();
            stopped.countDown();
        }, "shutdown"));
        String host = "0.0.0.0".equals(bind) || "::".equals(bind) ? "localhost" : bind;
        String where = config.dbUrl() == null ? store.dataDir.toAbsolutePath().resolve("drover.mv.db").toString()
                : Database.describe(config.dbUrl());
        log.info("Drover {} listening on https://{}:{}/ (store: {} at {})", Version.current(), host, server.port(),
                server.storeLabel(), where);
        log.info("TLS certificate fingerprint {} ({}); agents pin it with --server-fingerprint", server.fingerprint(),
                tlsCert == null ? "self-signed, in " + store.dataDir.resolve("tls") : tlsCert);
        if (server.tlsSelfSigned()) log.info("install.sh pins its key as {} (curl --pinnedpubkey)", server.tlsKeyPin());
        if (server.httpPort() >= 0) log.info("also serving plain HTTP on http://{}:{}/ ({})", host, server.httpPort(),
                httpBehindProxy ? "everything: behind a TLS-terminating proxy" : "tracker routes only");
        server.initialAdminPassword().ifPresent(password -> log.info(
                "first admin user 'admin' created; admin password (shown once; change it after signing in, "
                        + "or set one with 'drover-server admin reset-password --username admin'): {}", password));
        stopped.await();
        return 0;
    }

    static String trimSlash(String url) {
        if (url == null || url.isBlank()) return null;
        String trimmed = url.trim();
        if (!trimmed.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+(/[A-Za-z0-9._~/\\-]*)?")) {
            throw new CommandLine.ParameterException(new CommandLine(new Main()),
                    "--public-url must be an http(s) URL like http://drover.example:8080, got: " + trimmed);
        }
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private IdentitySettings rateLimits(IdentitySettings base) {
        return base.withRateLimits(loginsPerMinute, loginFailures, loginFailureWindow, registrationsPerSecond, joinsPerMinute);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"drover-server " + Version.current()};
        }
    }

    static final class StrategyConverter implements CommandLine.ITypeConverter<PlacementSettings.Strategy> {
        @Override
        public PlacementSettings.Strategy convert(String value) {
            try {
                return PlacementSettings.Strategy.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("must be spread or pack: " + value);
            }
        }
    }

    /** Durations as 500ms, 10s, 5m, 1h, 90d, or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            var m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value.trim());
            if (!m.matches()) throw new CommandLine.TypeConversionException("not a duration (use e.g. 500ms, 10s, 5m, 90d): " + value);
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.isZero()) throw new CommandLine.TypeConversionException("duration must be positive: " + value);
            return d;
        }
    }
}
