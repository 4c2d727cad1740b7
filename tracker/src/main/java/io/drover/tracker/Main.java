package io.drover.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code drover-tracker}: runs inside a machine and heartbeats its hostname, IPv4 address,
 * interface and SMBIOS UUID to a Drover server. Exit status: 0 when stopped by SIGTERM/SIGINT
 * or after {@code -help}, 1 when the interface has no IPv4 address, 2 for a bad command line.
 */
public final class Main {

    static final String FALLBACK_INTERFACE = "eth0";

    /** How long a SIGTERM/SIGINT waits for the loop to finish its last log line. */
    private static final long STOP_GRACE_MILLIS = 800;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parses the flags, then runs the tracker until a signal; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String defaultInterface = DefaultRoute.interfaceOf(DefaultRoute.PROC_NET_ROUTE).orElse(FALLBACK_INTERFACE);
        FlagParser flags = new FlagParser(defaultInterface);
        TrackerOptions options;
        try {
            options = flags.parse(List.of(args));
        } catch (HelpRequestedException help) {
            out.print(flags.usage());
            return 0;
        } catch (UsageException e) {
            err.println("drover-tracker: " + e.getMessage());
            err.print(flags.usage());
            return 2;
        }

        TrackerLog log = new TrackerLog(err, Clock.systemUTC());
        String version = agentVersion();
        Optional<String> uuid = MachineUuid.read(MachineUuid.SMBIOS_PRODUCT_UUID);
        HeartbeatComposer composer = new HeartbeatComposer(options.interfaceName(), options.interval(),
                HostnameReader.system()::read, new SystemNetworkAddresses(), uuid,
                OsRelease.prettyName(OsRelease.STANDARD_FILES), version);
        RegisterClient client = new RegisterClient(RegisterClient.defaultHttpClient(), options.registerUri(),
                options.token(), "drover-tracker/" + version);
        TrackerLoop loop = new TrackerLoop(composer, client, log, options.interval(), options.retry(),
                options.verbose(), () -> ThreadLocalRandom.current().nextDouble());

        log.info("drover-tracker " + version + " starting: api " + options.api() + ", interface "
                + options.interfaceName() + ", interval " + GoDuration.format(options.interval()) + ", "
                + uuid.map(value -> "uuid " + value).orElse("no uuid (" + MachineUuid.SMBIOS_PRODUCT_UUID
                        + " missing or unreadable; only root may read it)"));
        return runUntilSignal(loop, log);
    }

    private static int runUntilSignal(TrackerLoop loop, TrackerLog log) {
        CountDownLatch loopEnded = new CountDownLatch(1);
        Thread onSignal = new Thread(() -> {
            loop.stop();
            try {
                loopEnded.await(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A JVM ended by a signal exits 128+signal; a requested stop is a clean exit, so say 0.
            Runtime.getRuntime().halt(0);
        }, "drover-tracker-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);

        int status = 0;
        try {
            loop.run();
        } catch (NoIpv4AddressException e) {
            log.error(e.getMessage());
            status = 1;
        } finally {
            loopEnded.countDown();
        }
        try {
            // Our own exit must keep its status, so the hook that would halt(0) goes first.
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException shutdownInProgress) {
            // A signal arrived at the same moment; the hook ends the JVM with 0.
        }
        return status;
    }

    /** The Maven project version, filtered into version.properties at build time. */
    static String agentVersion() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException unreadable) {
            // fall through
        }
        return "unknown";
    }
}
