package io.drover.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link HeartbeatLoad} is told on its command line, checked against hard caps so that no
 * invocation can run unbounded or send traffic anywhere but the loopback interface.
 */
record LoadOptions(
        InetSocketAddress server,
        String hostHeader,
        int machines,
        int rate,
        Duration duration,
        Duration warmup,
        int connections,
        int threads,
        long serverPid,
        int listRate,
        String listPath,
        String token,
        Duration timeout) {

    static final int MAX_MACHINES = 1_000_000;
    static final int MAX_RATE = 200_000;
    static final int MAX_CONNECTIONS = 1_024;
    static final int MAX_THREADS = 8;
    static final int MAX_LIST_RATE = 1_000;
    static final Duration MAX_DURATION = Duration.ofMinutes(5);
    static final Duration MAX_WARMUP = Duration.ofMinutes(1);
    /** Whatever the flags say, one run never schedules more heartbeats than this. */
    static final long MAX_REQUESTS = 30_000_000L;

    static final String USAGE = """
            Usage: HeartbeatLoad --url http://127.0.0.1:PORT [options]
              Open-loop, fixed-rate load of POST /api/register heartbeats from N distinct machines
              (hostnames bench-%06d, distinct 10.x.y.z addresses) over keep-alive connections, plus a
              concurrent GET listing probe on its own connection. Latency is measured from each
              request's intended send time (coordinated-omission correct).
              --url URL            server base URL; loopback only (127.0.0.1 / localhost)
              --machines N         distinct machines (default 10000, max 1000000)
              --rate R             heartbeats per second (default 40000, max 200000; 0 = listing probe only)
              --duration D         measured phase, e.g. 30s (default 30s, max 5m)
              --warmup D           unmeasured phase before it, at least one pass over all machines
                                   so every machine is registered (default 10s, max 1m)
              --connections C      keep-alive connections for heartbeats (default 64, max 1024)
              --threads T          loader I/O threads, each with its own selector (default 1, max 8)
              --server-pid PID     server process, for its RSS and CPU (optional)
              --list-rate N        listing requests per second (default 20, 0 = off)
              --list-path P        listing path (default /api/v1/machines?limit=100)
              --token T            API token the listing probe and the machine count (/metrics) read with
                                   (both need a signed-in user)
              --timeout D          a response slower than this is an error (default 5s)
            """;

    static LoadOptions parse(String[] args) {
        String url = null;
        int machines = 10_000, rate = 40_000, connections = 64, threads = 1, listRate = 20;
        long pid = -1;
        Duration duration = Duration.ofSeconds(30), warmup = Duration.ofSeconds(10), timeout = Duration.ofSeconds(5);
        String listPath = "/api/v1/machines?limit=100";
        String token = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) throw new UsageRequested();
            if (i + 1 >= args.length) throw new BadArgument(flag + " needs a value");
            String v = args[++i];
            switch (flag) {
                case "--url" -> url = v;
                case "--machines" -> machines = intIn(flag, v, 1, MAX_MACHINES);
                case "--rate" -> rate = intIn(flag, v, 0, MAX_RATE);
                case "--duration" -> duration = durationIn(flag, v, Duration.ofSeconds(1), MAX_DURATION);
                case "--warmup" -> warmup = durationIn(flag, v, Duration.ZERO, MAX_WARMUP);
                case "--connections" -> connections = intIn(flag, v, 1, MAX_CONNECTIONS);
                case "--threads" -> threads = intIn(flag, v, 1, MAX_THREADS);
                case "--server-pid" -> pid = intIn(flag, v, 1, Integer.MAX_VALUE);
                case "--list-rate" -> listRate = intIn(flag, v, 0, MAX_LIST_RATE);
                case "--list-path" -> listPath = v;
                case "--token" -> token = v;
                case "--timeout" -> timeout = durationIn(flag, v, Duration.ofMillis(10), Duration.ofSeconds(60));
                default -> throw new BadArgument("unknown option " + flag);
            }
        }
        if (url == null) throw new BadArgument("--url is required");
        if (!listPath.startsWith("/")) throw new BadArgument("--list-path must start with /");
        threads = Math.min(threads, connections);
        InetSocketAddress server = loopback(url);
        String host = URI.create(url).getHost();
        LoadOptions options = new LoadOptions(server, host + ":" + server.getPort(), machines, rate, duration, warmup,
                connections, threads, pid, listRate, listPath, token, timeout);
        if (options.plannedRequests() > MAX_REQUESTS) {
            throw new BadArgument("rate x (warm-up + duration) would schedule " + options.plannedRequests()
                    + " heartbeats; the cap is " + MAX_REQUESTS);
        }
        return options;
    }

    /** The warm-up is stretched so that every machine heartbeats (registers) at least once in it. */
    Duration effectiveWarmup() {
        if (rate == 0) return warmup;
        long passNanos = (long) machines * 1_000_000_000L / rate;
        return warmup.toNanos() >= passNanos ? warmup : Duration.ofNanos(passNanos);
    }

    long plannedRequests() {
        return (effectiveWarmup().plusMillis(duration.toMillis()).toMillis()) * rate / 1000;
    }

    /** Only loopback targets: a load generator must never be pointed at somebody else's host. */
    private static InetSocketAddress loopback(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadArgument("--url is not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new BadArgument("--url must look like http://127.0.0.1:PORT, got " + url);
        }
        try {
            InetAddress address = InetAddress.getByName(uri.getHost());
            if (!address.isLoopbackAddress()) throw new BadArgument("--url must be a loopback address, got " + uri.getHost());
            return new InetSocketAddress(address, uri.getPort());
        } catch (UnknownHostException e) {
            throw new BadArgument("--url host does not resolve: " + uri.getHost());
        }
    }

    private static int intIn(String flag, String value, int min, int max) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= min && n <= max) return (int) n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadArgument(flag + " must be a whole number from " + min + " to " + max + ", got " + value);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    static Duration durationIn(String flag, String value, Duration min, Duration max) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) throw new BadArgument(flag + " must be a duration like 500ms, 30s or 2m, got " + value);
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new BadArgument(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return d;
    }

    /** A command-line mistake; main prints it with the usage and exits 2. */
    static final class BadArgument extends RuntimeException {
        BadArgument(String message) {
            super(message);
        }
    }

    /** --help was given. */
    static final class UsageRequested extends RuntimeException {
        UsageRequested() {
            super("usage requested");
        }
    }
}
