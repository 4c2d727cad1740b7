package io.drover.bench.fleet;

import io.drover.agent.tls.ServerPin;
import io.drover.protocol.AgentHeartbeat;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The fleet simulator's command line. Every phase has a bound; see {@link #USAGE}. */
record FleetOptions(URI server, String adminToken, long serverPid, String store, int hosts, int vmsPerHost,
                    Duration duration, Duration heartbeat, Duration inventoryInterval, int listRate, int createConcurrency,
                    String imagePath, Duration populateTimeout, Duration settle, boolean pin, Duration restartAt,
                    String restartCommand, URI agentUrl, String serverFingerprint) {

    static final String USAGE = """
            FleetSimulator: 1 server, H simulated hosts speaking the agent link, V VMs each.
              --url URL                  server base URL for the API, loopback only (required): its HTTPS URL, e.g.
                                         https://127.0.0.1:8443 (or its --http-port when started with --http-behind-proxy)
              --agent-url URL            the server's HTTPS URL the hosts link to over mutual TLS (required)
              --server-fingerprint FP    sha256:HEX of the server's certificate, as it logs it (required)
              --admin-token TOKEN        an admin's API token (required; bin/drover-server admin token, or sign in and POST /api/v1/auth/tokens)
              --image-path PATH          a small file on the server's machine, registered as a raw image (required)
              --server-pid PID           sample this process's CPU and RSS (0: do not)
              --store LABEL              label for the report (h2, pg)
              --hosts N                  simulated hosts (default 1000, at most 5000)
              --vms-per-host N           VMs created on each host through the API (default 20, at most 100)
              --duration D               measured phase (default 60s, at most 30m)
              --heartbeat D              each host's heartbeat interval (default 10s), spread evenly over the hosts
              --inventory-interval D     each host's full inventory period (default 5m), spread evenly; also sent on link
              --list-rate N              GET /api/v1/vms probes per second in the measured phase (default 5)
              --create-concurrency N     VM creates in flight while populating (default 16)
              --populate-timeout D       give up populating after this (default 30m)
              --settle D                 pause between populating and measuring (default 15s)
              --pin                      pin each VM to its host ("host": id) instead of letting placement spread them
              --restart-at D             this far into the measured phase, restart the server by running
                                         --restart-command (default: no restart); the measured phase then lasts
                                         until every host has relinked and 15 s more, at least --duration
              --restart-command PATH     executable that stops the server and starts it again on the same port and
                                         store; its output must end with a line
                                         "RESTART stop_ms=.. exited_ms=.. healthy_ms=.. pid=.." (bench/fleet.sh writes one)
            Durations: 500ms, 60s, 5m.""";

    static final class BadArgument extends Exception {
        BadArgument(String message) {
            super(message);
        }
    }

    static FleetOptions parse(String[] args) throws BadArgument {
        URI url = null;
        String token = null, image = null, store = "?", fingerprint = null;
        URI agentUrl = null;
        long pid = 0;
        int hosts = 1000, vms = 20, listRate = 5, concurrency = 16;
        Duration duration = Duration.ofSeconds(60), heartbeat = Duration.ofSeconds(10), inventory = Duration.ofMinutes(5),
                populate = Duration.ofMinutes(30), settle = Duration.ofSeconds(15);
        boolean pin = false;
        Duration restartAt = Duration.ZERO;
        String restartCommand = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) throw new BadArgument(USAGE);
            if (a.equals("--pin")) {
                pin = true;
                continue;
            }
            if (i + 1 >= args.length) throw new BadArgument(a + " needs a value");
            String v = args[++i];
            switch (a) {
                case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                case "--admin-token" -> token = v;
                case "--agent-url" -> agentUrl = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                case "--server-fingerprint" -> fingerprint = v;
                case "--image-path" -> image = v;
                case "--server-pid" -> pid = Long.parseLong(v);
                case "--store" -> store = v;
                case "--hosts" -> hosts = bounded(a, v, 1, 5000);
                case "--vms-per-host" -> vms = bounded(a, v, 0, 100);
                case "--duration" -> duration = duration(a, v, Duration.ofMinutes(30));
                case "--heartbeat" -> heartbeat = duration(a, v, Duration.ofSeconds(60));
                case "--inventory-interval" -> inventory = duration(a, v, Duration.ofHours(1));
                case "--list-rate" -> listRate = bounded(a, v, 0, 100);
                case "--create-concurrency" -> concurrency = bounded(a, v, 1, 256);
                case "--populate-timeout" -> populate = duration(a, v, Duration.ofHours(2));
                case "--settle" -> settle = duration(a, v, Duration.ofMinutes(10));
                case "--restart-at" -> restartAt = duration(a, v, Duration.ofMinutes(30));
                case "--restart-command" -> restartCommand = v;
                default -> throw new BadArgument("unknown option " + a);
            }
        }
        if (url == null || token == null || image == null || agentUrl == null || fingerprint == null) {
            throw new BadArgument("--url, --agent-url, --server-fingerprint, --admin-token and --image-path are required");
        }
        for (URI u : List.of(url, agentUrl)) {
            String host = u.getHost();
            if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"))) {
                throw new BadArgument("--url and --agent-url must be loopback addresses (127.0.0.0/8, localhost, [::1]): " + u);
            }
        }
        if (!"https".equals(agentUrl.getScheme())) throw new BadArgument("--agent-url must be https: hosts link with mutual TLS");
        try {
            ServerPin.parse(fingerprint);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("--server-fingerprint: " + e.getMessage());
        }
        if (heartbeat.toMillis() < 100) throw new BadArgument("--heartbeat must be at least 100ms");
        if (!restartAt.isZero() && restartCommand == null) throw new BadArgument("--restart-at needs --restart-command");
        return new FleetOptions(url, token, pid, store, hosts, vms, duration, heartbeat, inventory, listRate, concurrency,
                image, populate, settle, pin, restartAt, restartCommand, agentUrl, fingerprint);
    }

    private static int bounded(String name, String v, int min, int max) throws BadArgument {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new BadArgument(name + " must be from " + min + " to " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " must be a number: " + v);
        }
    }

    static Duration duration(String name, String v, Duration max) throws BadArgument {
        String s = v.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (s.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            else if (s.endsWith("s")) d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            else if (s.endsWith("m")) d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            else if (s.endsWith("h")) d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new BadArgument(name + " is not a duration (e.g. 60s, 5m): " + v);
        }
        if (d.isNegative() || d.compareTo(max) > 0) throw new BadArgument(name + " must be from 0 to " + max);
        return d;
    }

    boolean restart() {
        return !restartAt.isZero();
    }

    /** The agent link's wss:// URI. */
    URI linkUri() {
        return URI.create(agentUrl.toString().replaceFirst("^https", "wss") + AgentHeartbeat.PATH);
    }
}
